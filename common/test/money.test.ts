import { fromCents, toCents, MAX_PRICE_CENTS } from '../src';

describe('money', () => {
  it.each([
    [19.99, 1999],
    ['19.99', 1999],
    [20, 2000],
    ['20.5', 2050],
    [0.01, 1],
    [0.1, 10],
    [1.1, 110],
    [' 7.25 ', 725],
    [1_000_000, MAX_PRICE_CENTS],
  ])('when the amount is %p, then it is %i cents', (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });

  it.each([0, -5, '-5', 1.999, '1.999', 'abc', '', '1e3', NaN, Infinity, null, undefined, {}, [10], true, 1_000_000.01, '0.00'])(
    'when the amount is %p, then it is rejected',
    (amount) => {
      expect(toCents(amount)).toBeNull();
    },
  );

  it.each([
    [1999, 19.99],
    [2000, 20],
    [5, 0.05],
    [110, 1.1],
  ])('when %i cents are shown, then the amount is %p', (cents, amount) => {
    expect(fromCents(cents)).toBe(amount);
  });
});
