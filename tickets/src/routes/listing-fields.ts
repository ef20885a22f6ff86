import { body, query } from 'express-validator';
import { decodeCursor, toCents } from '@ticketing/common';
import { decodePriceCursor } from '../domain/cursor';
import { chargeableAmountMessage, type PricingPolicy } from '../domain/pricing';

export const MAX_TICKETS_PER_ISSUE = 100;
export const PLACE_NAME_LENGTH = { min: 1, max: 20 };
export const SEAT_LENGTH = { min: 1, max: 10 };

/**
 * An amount in the request, held as integer cents once it is one. Whether the total with the buyer's
 * fee can be charged is the use case's to say; the message for a non-amount names that range too.
 */
export const amountField = (field: string, label: string, pricing: PricingPolicy) =>
  body(field)
    .custom((value) => toCents(value) !== null)
    .withMessage(chargeableAmountMessage(label, pricing))
    .bail()
    .customSanitizer(toCents);

const placeNameField = (field: string, label: string) =>
  body(field)
    .optional({ values: 'null' })
    .isString()
    .withMessage(`${label} must be text`)
    .bail()
    .trim()
    .isLength(PLACE_NAME_LENGTH)
    .withMessage(`${label} must be between ${PLACE_NAME_LENGTH.min} and ${PLACE_NAME_LENGTH.max} characters`);

const firstRepeated = (values: string[]) => values.find((value, i) => values.indexOf(value) !== i);

/**
 * The body of an issue: a face value, an optional section and row, and exactly one of a list of seats
 * or a quantity of general-admission tickets, at most 100 either way. Read it with matchedData, which
 * holds the face value in cents and the texts trimmed.
 */
export const ticketIssueFields = (pricing: PricingPolicy) => [
  amountField('faceValue', 'Face value', pricing),
  placeNameField('section', 'Section'),
  placeNameField('row', 'Row'),
  // A chain of its own: optional() below exempts its whole chain from an absent value.
  body('seats')
    .custom((seats, { req }) => (seats === undefined) !== (req.body.quantity === undefined))
    .withMessage('Give either seats, a list of seats, or quantity, a number of general-admission tickets, but not both'),
  body('seats')
    .optional()
    .isArray({ min: 1, max: MAX_TICKETS_PER_ISSUE })
    .withMessage(`seats must be a list of 1 to ${MAX_TICKETS_PER_ISSUE} seats`),
  body('seats.*')
    .isString()
    .withMessage('Each seat must be text')
    .bail()
    .trim()
    .isLength(SEAT_LENGTH)
    .withMessage(`Each seat must be between ${SEAT_LENGTH.min} and ${SEAT_LENGTH.max} characters`),
  body('seats').custom((seats) => {
    const repeated = Array.isArray(seats) ? firstRepeated(seats) : undefined;
    if (repeated !== undefined) throw new Error(`Seat ${repeated} is in the list twice`);
    return true;
  }),
  body('quantity')
    .optional()
    .isInt({ min: 1, max: MAX_TICKETS_PER_ISSUE })
    .withMessage(`quantity must be a whole number from 1 to ${MAX_TICKETS_PER_ISSUE}`)
    .toInt(),
];

/** The query of an event's listing: its order, a page size, and a cursor of that order. */
export const eventTicketsQueryFields = (maxPageSize: number) => [
  query('sort').optional().isIn(['price', 'newest']).withMessage('sort must be price or newest'),
  query('limit').optional().isInt({ min: 1, max: maxPageSize }).withMessage(`limit must be a whole number from 1 to ${maxPageSize}`).toInt(),
  query('cursor')
    .optional()
    .custom((value, { req }) => {
      if (typeof value !== 'string') return false;
      return req.query?.sort === 'newest' ? decodeCursor(value) !== null : decodePriceCursor(value) !== null;
    })
    .withMessage('cursor is not valid for this sort; use nextCursor from a previous page')
    .bail()
    .customSanitizer((value, { req }) => (req.query?.sort === 'newest' ? decodeCursor(value) : decodePriceCursor(value))),
];
