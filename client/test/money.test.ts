import { describe, expect, it } from '@jest/globals';
import { decimalFromMoney, formatMoney, moneyFromDecimal } from '../lib/money';

describe('money', () => {
  it('when the API sends a decimal amount, then it becomes exact integer cents in the currency it names', () => {
    expect(moneyFromDecimal(19.99, 'USD')).toEqual({ cents: 1999, currency: 'USD' });
    expect(moneyFromDecimal(0.1, 'USD')).toEqual({ cents: 10, currency: 'USD' });
    expect(moneyFromDecimal(75, 'EUR')).toEqual({ cents: 7500, currency: 'EUR' });
    expect(moneyFromDecimal('12.5', 'GBP')).toEqual({ cents: 1250, currency: 'GBP' });
    expect(moneyFromDecimal(1_000_000, 'USD')).toEqual({ cents: 100_000_000, currency: 'USD' });
  });

  it('when the amount is not a non-negative decimal with at most two places, then it is refused', () => {
    for (const bad of [-1, 1.005, Number.NaN, 1e21, 'abc', '']) {
      expect(() => moneyFromDecimal(bad, 'USD')).toThrow('Not an amount of money');
    }
  });

  it('when cents are shown in a form, then they read as a decimal with two places', () => {
    expect(decimalFromMoney({ cents: 1250 })).toBe('12.50');
    expect(decimalFromMoney({ cents: 5 })).toBe('0.05');
    expect(decimalFromMoney({ cents: 100_000_000 })).toBe('1000000.00');
  });

  it('when a price is displayed, then it is in its own currency, with grouping and cents', () => {
    expect(formatMoney({ cents: 7500, currency: 'USD' })).toBe('$75.00');
    expect(formatMoney({ cents: 123_450, currency: 'USD' })).toBe('$1,234.50');
    expect(formatMoney({ cents: 99_999_999, currency: 'USD' })).toBe('$999,999.99');
    expect(formatMoney({ cents: 7500, currency: 'EUR' })).toBe('€75.00');
    expect(formatMoney({ cents: 4250, currency: 'GBP' })).toBe('£42.50');
  });
});
