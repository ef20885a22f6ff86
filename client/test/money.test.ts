import { describe, expect, it } from '@jest/globals';
import { decimalFromMoney, formatMoney, moneyFromDecimal } from '../lib/money';

describe('money', () => {
  it('when the API sends a decimal amount, then it becomes exact integer cents', () => {
    expect(moneyFromDecimal(19.99)).toEqual({ cents: 1999 });
    expect(moneyFromDecimal(0.1)).toEqual({ cents: 10 });
    expect(moneyFromDecimal(75)).toEqual({ cents: 7500 });
    expect(moneyFromDecimal('12.5')).toEqual({ cents: 1250 });
    expect(moneyFromDecimal(1_000_000)).toEqual({ cents: 100_000_000 });
  });

  it('when the amount is not a non-negative decimal with at most two places, then it is refused', () => {
    for (const bad of [-1, 1.005, Number.NaN, 1e21, 'abc', '']) {
      expect(() => moneyFromDecimal(bad)).toThrow('Not an amount of money');
    }
  });

  it('when cents are shown in a form, then they read as a decimal with two places', () => {
    expect(decimalFromMoney({ cents: 1250 })).toBe('12.50');
    expect(decimalFromMoney({ cents: 5 })).toBe('0.05');
    expect(decimalFromMoney({ cents: 100_000_000 })).toBe('1000000.00');
  });

  it('when a price is displayed, then it is US dollars with grouping and cents', () => {
    expect(formatMoney({ cents: 7500 })).toBe('$75.00');
    expect(formatMoney({ cents: 123_450 })).toBe('$1,234.50');
    expect(formatMoney({ cents: 99_999_999 })).toBe('$999,999.99');
  });
});
