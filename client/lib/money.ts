/**
 * Prices cross the API as decimal amounts in major units (`19.99`) of the currency the API names
 * beside them, and are held here as integer minor units. Conversions read the digits as text, as the
 * services do, so no floating-point arithmetic touches an amount.
 */
export interface Money {
  cents: number;
  /** ISO 4217, uppercase, as the API reports it: `USD`. */
  currency: string;
}

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Minor units for the API's decimal amount; throws for anything else, which would be a broken API. */
export function moneyFromDecimal(amount: number | string, currency: string): Money {
  const match = DECIMAL.exec(String(amount).trim());
  if (!match) throw new Error(`Not an amount of money: ${String(amount)}`);
  return { cents: Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')), currency };
}

/** The decimal amount in major units, as the API takes it and as a price field shows it: `19.90`. */
export function decimalFromMoney({ cents }: Pick<Money, 'cents'>): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format;
}

/** `$1,234.50`, `€75.00`. The amount goes to Intl as a decimal string, which it formats exactly. */
export function formatMoney(money: Money): string {
  return currencyFormat(money.currency).format(decimalFromMoney(money) as Intl.StringNumericLiteral);
}

