import { query } from 'express-validator';
import { pageQueryFields } from '@ticketing/common';

export const SEARCH_MAX_LENGTH = 200;

/**
 * The query of a list route: a search text, a page size and a cursor from a previous page. Read them
 * with matchedData, which holds them sanitized (req.query is read-only in Express 5: a number stays
 * text there, a search untrimmed).
 */
export const listQueryFields = () => [
  query('q')
    .optional()
    .isString()
    .withMessage('q must be text')
    .bail()
    .trim()
    .isLength({ max: SEARCH_MAX_LENGTH })
    .withMessage(`q must be at most ${SEARCH_MAX_LENGTH} characters`),
  ...pageQueryFields(),
];
