import { expressValidator } from '../middlewares/express-validator';
import { decodeCursor } from './cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * The page of a list route's query: a page size and a cursor from a previous page, kept by (instant,
 * id). Read them with matchedData, which holds the size as a number and the cursor decoded.
 */
export const pageQueryFields = () => {
  const { query } = expressValidator();
  return [
    query('limit').optional().isInt({ min: 1, max: MAX_PAGE_SIZE }).withMessage(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`).toInt(),
    query('cursor')
      .optional()
      .custom((value) => typeof value === 'string' && decodeCursor(value) !== null)
      .withMessage('cursor is not valid; use nextCursor from a previous page')
      .bail()
      .customSanitizer(decodeCursor),
  ];
};
