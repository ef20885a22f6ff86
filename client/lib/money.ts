/**
 * Prices cross the API as decimal amounts in major units (`19.99`) and are held here as integer cents.
 * Conversions read the digits as text, as the services do, so no floating-point arithmetic touches
 * an amount.
 */
export interface Money {
  cents: number;
}

/** The services sell in one currency; the sandbox and Stripe charge in it too. */
const CURRENCY = 'USD';

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Cents for the API's decimal amount; throws for anything else, which would be a broken API. */
export function moneyFromDecimal(amount: number | string): Money {
  const match = DECIMAL.exec(String(amount).trim());
  if (!match) throw new Error(`Not an amount of money: ${String(amount)}`);
  return { cents: Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) };
}

/** The decimal amount in major units, as the API takes it and as a price field shows it: `19.90`. */
export function decimalFromMoney({ cents }: Money): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const currencyFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY });

/** `$1,234.50`. The amount goes to Intl as a decimal string, which it formats exactly. */
export function formatMoney(money: Money): string {
  return currencyFormat.format(decimalFromMoney(money) as Intl.StringNumericLiteral);
}
