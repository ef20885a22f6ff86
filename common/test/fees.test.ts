import {
  buyerFee,
  chargeablePriceRange,
  chargeLimits,
  ConfigError,
  feeScheduleOf,
  feesEnv,
  isChargeablePrice,
  loadConfig,
  maxResalePrice,
  orderTotal,
  priceBreakdown,
  resalePriceCapEnv,
  sellerProceeds,
  SUPPORTED_CURRENCIES,
  type FeeSchedule,
} from '../src';

/**
 * The reference rounds differently from the implementation: it reads the percentage from its text
 * (not from basis points), divides by the percentage's own power of ten, and rounds up when twice the
 * remainder reaches the divisor, which is what "half up" means.
 */
function referencePercentOf(cents: number, percentText: string): number {
  const [whole = '', fraction = ''] = percentText.split('.');
  const numerator = BigInt(cents) * BigInt(whole + fraction);
  const divisor = 100n * 10n ** BigInt(fraction.length);
  const quotient = numerator / divisor;
  const remainder = numerator - quotient * divisor;
  return Number(2n * remainder >= divisor ? quotient + 1n : quotient);
}

/** Fees read from the environment as an operator would write them. */
function feesFrom(source: NodeJS.ProcessEnv): FeeSchedule {
  return feeScheduleOf(loadConfig(feesEnv, source));
}

function configProblems(spec: Parameters<typeof loadConfig>[0], source: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(spec, source);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

const EVERY_CENT_UP_TO = 100_000; // 0.00 to 1,000.00, every cent
const PERCENTAGES = ['0', '0.01', '5', '7.5', '10', '12.34', '33.33', '99.99', '100'];
const usd = chargeLimits('usd');

describe('the reference rounding', () => {
  it.each([
    [5, '10', 1], // 0.5 → 1
    [4, '10', 0], // 0.4 → 0
    [15, '10', 2], // 1.5 → 2
    [20, '7.5', 2], // 1.5 → 2
    [19, '7.5', 1], // 1.425 → 1
    [1, '33.33', 0], // 0.3333 → 0
    [3, '33.33', 1], // 0.9999 → 1
  ])('when %i cents are taken at %s %%, then it gives %i cents', (cents, percent, expected) => {
    expect(referencePercentOf(cents, percent)).toBe(expected);
  });
});

describe('buyer fee, total and seller proceeds', () => {
  it.each(PERCENTAGES)('when the buyer pays %s %% plus 0.30, then every price from 0.00 to 1,000.00 matches the reference', (percent) => {
    // Arrange
    const fees = feesFrom({ BUYER_FEE_PERCENT: percent, BUYER_FEE_FIXED: '0.30' });
    const mismatches: string[] = [];

    // Act
    for (let price = 0; price <= EVERY_CENT_UP_TO && mismatches.length < 5; price++) {
      const fee = referencePercentOf(price, percent) + 30;
      const breakdown = priceBreakdown(price, fees);
      if (buyerFee(price, fees) !== fee || orderTotal(price, fees) !== price + fee) mismatches.push(`price ${price}`);
      if (breakdown.priceCents !== price || breakdown.feeCents !== fee || breakdown.totalCents !== price + fee) {
        mismatches.push(`breakdown of ${price}`);
      }
    }

    // Assert
    expect(mismatches).toEqual([]);
  });

  it.each(PERCENTAGES)('when the seller pays %s %%, then proceeds of every price from 0.00 to 1,000.00 match the reference and are never negative', (percent) => {
    // Arrange
    const fees = feesFrom({ SELLER_FEE_PERCENT: percent });
    const mismatches: string[] = [];

    // Act
    for (let price = 0; price <= EVERY_CENT_UP_TO && mismatches.length < 5; price++) {
      const proceeds = sellerProceeds(price, fees);
      if (proceeds !== price - referencePercentOf(price, percent) || proceeds < 0) mismatches.push(`price ${price}: ${proceeds}`);
    }

    // Assert
    expect(mismatches).toEqual([]);
  });

  it.each([
    // [price, percent, fee]: exactly half a cent rounds up, just under half rounds down
    [5, '10', 1],
    [4, '10', 0],
    [6, '10', 1],
    [15, '10', 2],
    [25, '10', 3],
    [1995, '10', 200], // 199.5
    [1994, '10', 199], // 199.4
    [20, '7.5', 2], // 1.5
    [60, '7.5', 5], // 4.5
    [9980, '7.5', 749], // 748.5
    [9979, '7.5', 748], // 748.425
    [100, '7.5', 8], // 7.5
    [18500, '10', 1850],
    [99_999_999, '10', 10_000_000], // 9,999,999.9
  ])('when a ticket at %i cents carries a %s %% buyer fee, then the fee is %i cents', (price, percent, fee) => {
    // Arrange
    const fees = feesFrom({ BUYER_FEE_PERCENT: percent });

    // Act, Assert
    expect(buyerFee(price, fees)).toBe(fee);
    expect(priceBreakdown(price, fees)).toEqual({ priceCents: price, feeCents: fee, totalCents: price + fee });
  });

  it('when the defaults apply, then a 185.00 ticket costs 203.50 and pays its seller 175.75', () => {
    // Arrange
    const fees = feesFrom({});

    // Act, Assert
    expect(priceBreakdown(18_500, fees)).toEqual({ priceCents: 18_500, feeCents: 1_850, totalCents: 20_350 });
    expect(sellerProceeds(18_500, fees)).toBe(17_575);
  });

  it('when fees are 0 %, then the buyer pays only the fixed fee and the seller keeps the whole price', () => {
    // Arrange
    const fees = feesFrom({ BUYER_FEE_PERCENT: '0', BUYER_FEE_FIXED: '1.25', SELLER_FEE_PERCENT: '0' });

    // Act, Assert
    expect(priceBreakdown(4_999, fees)).toEqual({ priceCents: 4_999, feeCents: 125, totalCents: 5_124 });
    expect(sellerProceeds(4_999, fees)).toBe(4_999);
  });

  it('when fees are 100 %, then the buyer pays twice the price and the seller is paid nothing', () => {
    // Arrange
    const fees = feesFrom({ BUYER_FEE_PERCENT: '100', SELLER_FEE_PERCENT: '100' });

    // Act, Assert
    expect(orderTotal(4_999, fees)).toBe(9_998);
    expect(sellerProceeds(4_999, fees)).toBe(0);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])('when the price is %p cents, then the arithmetic refuses it', (price) => {
    // Arrange
    const fees = feesFrom({});

    // Act, Assert
    expect(() => buyerFee(price, fees)).toThrow(RangeError);
    expect(() => sellerProceeds(price, fees)).toThrow(RangeError);
  });
});

describe('what a card can be charged', () => {
  it('when the defaults apply in USD, then prices from 0.45 to 909,090.90 can be charged with the fee', () => {
    // Arrange
    const fees = feesFrom({});

    // Act
    const range = chargeablePriceRange(fees, usd);

    // Assert
    expect(range).toEqual({ minCents: 45, maxCents: 90_909_090 });
    expect(orderTotal(45, fees)).toBe(50);
    expect(isChargeablePrice(44, fees, usd)).toBe(false); // total 0.48
    expect(isChargeablePrice(45, fees, usd)).toBe(true);
    expect(isChargeablePrice(90_909_090, fees, usd)).toBe(true); // total 999,999.99
    expect(isChargeablePrice(90_909_091, fees, usd)).toBe(false); // total 1,000,000.00
  });

  it.each([
    [{ BUYER_FEE_FIXED: '0.30' }, 'usd', { minCents: 18, maxCents: 90_909_063 }],
    [{ BUYER_FEE_FIXED: '1.00' }, 'usd', { minCents: 1, maxCents: 90_908_999 }],
    [{ BUYER_FEE_PERCENT: '7.5' }, 'usd', { minCents: 47, maxCents: 93_023_255 }],
    [{ BUYER_FEE_PERCENT: '0' }, 'usd', { minCents: 50, maxCents: 99_999_999 }],
    [{ BUYER_FEE_PERCENT: '100' }, 'usd', { minCents: 25, maxCents: 49_999_999 }],
    [{}, 'huf', { minCents: 15_909, maxCents: 90_909_090 }],
  ])('when the fees are %p in %s, then the chargeable prices are %p', (source, currency, expected) => {
    // Arrange
    const fees = feesFrom(source);

    // Act, Assert
    expect(chargeablePriceRange(fees, chargeLimits(currency))).toEqual(expected);
  });

  it.each(SUPPORTED_CURRENCIES)('when the defaults apply in %s, then the range ends exactly where the total leaves the limits', (currency) => {
    // Arrange
    const fees = feesFrom({});
    const limits = chargeLimits(currency);

    // Act
    const range = chargeablePriceRange(fees, limits);

    // Assert
    if (range === null) throw new Error('expected a chargeable range');
    expect(isChargeablePrice(range.minCents, fees, limits)).toBe(true);
    expect(isChargeablePrice(range.minCents - 1, fees, limits)).toBe(false);
    expect(isChargeablePrice(range.maxCents, fees, limits)).toBe(true);
    expect(isChargeablePrice(range.maxCents + 1, fees, limits)).toBe(false);
  });

  it('when the fixed fee alone exceeds the maximum charge, then no price can be charged', () => {
    // Arrange
    const fees = feesFrom({ BUYER_FEE_PERCENT: '0', BUYER_FEE_FIXED: '999999.99' });

    // Act, Assert
    expect(chargeablePriceRange(fees, usd)).toBeNull();
    expect(isChargeablePrice(1, fees, usd)).toBe(false);
  });
});

describe('the resale price cap', () => {
  it('when the cap is 10 %, then every face value from 0.00 to 1,000.00 may be resold up to face plus the reference rounding', () => {
    // Arrange
    const cap = loadConfig(resalePriceCapEnv, {}).RESALE_PRICE_CAP_PERCENT;
    const mismatches: number[] = [];

    // Act
    for (let face = 0; face <= EVERY_CENT_UP_TO && mismatches.length < 5; face++) {
      if (maxResalePrice(face, cap) !== face + referencePercentOf(face, '10')) mismatches.push(face);
    }

    // Assert
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['10', 10_000, 11_000],
    ['10', 1_995, 2_195], // 199.5 rounds up
    ['7.5', 20, 22], // 1.5 rounds up
    ['7.5', 19, 20], // 1.425 rounds down
    ['0', 18_500, 18_500],
    ['250', 1_000, 3_500],
  ])('when the cap is %s %% and the face value %i cents, then the highest price is %i cents', (percent, face, highest) => {
    // Arrange
    const cap = loadConfig(resalePriceCapEnv, { RESALE_PRICE_CAP_PERCENT: percent }).RESALE_PRICE_CAP_PERCENT;

    // Act, Assert
    expect(maxResalePrice(face, cap)).toBe(highest);
  });

  it.each(['none', 'NONE', ' none '])('when the cap is %p, then there is no highest price', (raw) => {
    // Arrange
    const cap = loadConfig(resalePriceCapEnv, { RESALE_PRICE_CAP_PERCENT: raw }).RESALE_PRICE_CAP_PERCENT;

    // Act, Assert
    expect(cap).toBeNull();
    expect(maxResalePrice(18_500, cap)).toBeNull();
  });
});

describe('fee configuration', () => {
  it('when nothing is set, then the buyer pays 10 % and no fixed fee, and the seller 5 %', () => {
    expect(loadConfig(feesEnv, {})).toStrictEqual({ BUYER_FEE_PERCENT: 1_000, BUYER_FEE_FIXED: 0, SELLER_FEE_PERCENT: 500 });
    expect(feesFrom({})).toStrictEqual({ buyerPercent: 1_000, buyerFixedCents: 0, sellerPercent: 500 });
  });

  it.each([
    ['7.5', 750],
    ['0', 0],
    ['0.01', 1],
    ['0.25', 25],
    [' 12.34 ', 1_234],
    ['100', 10_000],
    ['100.00', 10_000],
    ['007', 700],
  ])('when a fee percentage is %p, then it is %i basis points', (raw, bp) => {
    expect(loadConfig(feesEnv, { BUYER_FEE_PERCENT: raw, SELLER_FEE_PERCENT: raw })).toMatchObject({ BUYER_FEE_PERCENT: bp, SELLER_FEE_PERCENT: bp });
  });

  it.each([
    ['0.30', 30],
    ['0', 0],
    ['0.00', 0],
    ['1', 100],
    ['2.5', 250],
  ])('when the fixed fee is %p, then it is %i cents', (raw, cents) => {
    expect(loadConfig(feesEnv, { BUYER_FEE_FIXED: raw }).BUYER_FEE_FIXED).toBe(cents);
  });

  it.each(['100.01', '101', '-1', '7.555', '.5', '1e1', '10%', 'ten', '0x10'])('when a fee percentage is %p, then it is refused with what is expected', (raw) => {
    expect(configProblems(feesEnv, { SELLER_FEE_PERCENT: raw })).toEqual([
      `SELLER_FEE_PERCENT must be a percentage from 0 to 100 with at most 2 decimals, such as 7.5, got "${raw}"`,
    ]);
  });

  it.each(['-0.30', '0.305', 'free', '1,00', '$1', '1000000.01'])('when the fixed fee is %p, then it is refused with what is expected', (raw) => {
    expect(configProblems(feesEnv, { BUYER_FEE_FIXED: raw })).toEqual([
      `BUYER_FEE_FIXED must be an amount of 0 or more in the platform currency with at most 2 decimals, such as 0.30, got "${raw}"`,
    ]);
  });

  it('when every fee variable is wrong, then one error names all three', () => {
    expect(configProblems(feesEnv, { BUYER_FEE_PERCENT: '110', BUYER_FEE_FIXED: 'free', SELLER_FEE_PERCENT: '-5' }).map((p) => p.split(' ')[0])).toEqual([
      'BUYER_FEE_PERCENT',
      'BUYER_FEE_FIXED',
      'SELLER_FEE_PERCENT',
    ]);
  });

  it.each(['1000.01', 'unlimited', '-10', '7.555'])('when the resale cap is %p, then it is refused with what is expected', (raw) => {
    expect(configProblems(resalePriceCapEnv, { RESALE_PRICE_CAP_PERCENT: raw })).toEqual([
      `RESALE_PRICE_CAP_PERCENT must be a percentage from 0 to 1000 with at most 2 decimals, such as 7.5, or none to lift the cap, got "${raw}"`,
    ]);
  });

  it('when the resale cap is unset, then it is 10 %', () => {
    expect(loadConfig(resalePriceCapEnv, {})).toStrictEqual({ RESALE_PRICE_CAP_PERCENT: 1_000 });
  });
});
