import { body } from 'express-validator';
import { chargeLimits, formatAmount, toCents } from '@ticketing/common';

export const TITLE_MAX_LENGTH = 200;

export const titleField = () =>
  body('title')
    .isString()
    .withMessage('Title is required')
    .bail()
    .trim()
    .isLength({ min: 1, max: TITLE_MAX_LENGTH })
    .withMessage(`Title must be between 1 and ${TITLE_MAX_LENGTH} characters`);

/**
 * A price a card can be charged in the platform currency: within Stripe's limits for it (0.50 to
 * 999,999.99 in USD). Leaves `req.body.priceCents` as integer cents once valid.
 */
export const priceField = (currency: string) => {
  const { minCents, maxCents } = chargeLimits(currency);
  return body('price').custom((value, { req }) => {
    const cents = toCents(value);
    if (cents === null || cents < minCents || cents > maxCents) {
      throw new Error(`Price must be an amount with at most 2 decimals from ${formatAmount(minCents, currency)} to ${formatAmount(maxCents, currency)}`);
    }
    req.body.priceCents = cents;
    return true;
  });
};
