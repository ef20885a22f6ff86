import { describe, expect, it } from '@jest/globals';
import { listingHint } from '../lib/listing';

const usd = (cents: number) => ({ cents, currency: 'USD' });

describe('the hint beside a holder’s price field', () => {
  it('when a cap applies, then it names the highest price and why', () => {
    expect(listingHint({ min: usd(45), max: usd(8250), capPercent: 10 }, usd(7500))).toBe(
      'From $0.45 to $82.50: resale is capped at the face value of $75.00 plus 10 %.',
    );
    expect(listingHint({ min: usd(45), max: usd(10750), capPercent: 7.5 }, usd(10000))).toBe(
      'From $0.45 to $107.50: resale is capped at the face value of $100.00 plus 7.5 %.',
    );
  });

  it('when the cap is lifted, then only what a card can be charged bounds the price', () => {
    expect(listingHint({ min: usd(45), max: usd(90_909_090), capPercent: null }, usd(7500))).toBe('From $0.45 to $909,090.90.');
  });
});
