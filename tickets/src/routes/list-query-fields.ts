import { query } from 'express-validator';
import { decodeCursor } from '../domain/cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
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
  query('limit').optional().isInt({ min: 1, max: MAX_PAGE_SIZE }).withMessage(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`).toInt(),
  query('cursor')
    .optional()
    .custom((value) => typeof value === 'string' && decodeCursor(value) !== null)
    .withMessage('cursor is not valid; use nextCursor from a previous page')
    .bail()
    .customSanitizer(decodeCursor),
];
