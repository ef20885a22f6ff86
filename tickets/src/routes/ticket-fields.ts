import { body } from 'express-validator';
import { MAX_PRICE_CENTS, fromCents, toCents } from '@ticketing/common';

export const TITLE_MAX_LENGTH = 200;

export const titleField = () =>
  body('title')
    .isString()
    .withMessage('Title is required')
    .bail()
    .trim()
    .isLength({ min: 1, max: TITLE_MAX_LENGTH })
    .withMessage(`Title must be between 1 and ${TITLE_MAX_LENGTH} characters`);

/** Leaves `req.body.priceCents` as integer cents once valid. */
export const priceField = () =>
  body('price')
    .custom((value, { req }) => {
      const cents = toCents(value);
      if (cents === null) return false;
      req.body.priceCents = cents;
      return true;
    })
    .withMessage(`Price must be a positive amount with at most 2 decimals, up to ${fromCents(MAX_PRICE_CENTS)}`);
