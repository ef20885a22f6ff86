import { body } from 'express-validator';

/** Stored and compared trimmed and lower-cased, so `Ann@X.com ` and `ann@x.com` are one account. */
export const emailField = () =>
  body('email')
    .isString()
    .withMessage('Email must be valid')
    .bail()
    .trim()
    .toLowerCase()
    .isEmail()
    .withMessage('Email must be valid')
    .isLength({ max: 254 })
    .withMessage('Email must be at most 254 characters');

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
