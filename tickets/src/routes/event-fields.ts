import { body, query, type ValidationChain } from 'express-validator';
import { EVENT_CATEGORIES } from '@ticketing/common';
import { parseInstant } from '../domain/instant';
import { ianaTimeZone } from '../domain/time-zone';

export const NAME_LENGTH = { min: 2, max: 120 };
export const VENUE_LENGTH = { min: 2, max: 120 };
export const CITY_LENGTH = { min: 2, max: 80 };

const INSTANT_EXAMPLE = '2026-07-01T19:30:00Z';
const CATEGORY_LIST = EVENT_CATEGORIES.join(', ');

const textField = (field: string, label: string, { min, max }: { min: number; max: number }) =>
  body(field)
    .isString()
    .withMessage(`${label} is required`)
    .bail()
    .trim()
    .isLength({ min, max })
    .withMessage(`${label} must be between ${min} and ${max} characters`);

/** One category, as text: isIn alone would pass a list of categories, checking each. */
const categoryField = (chain: ValidationChain) => {
  const message = `category must be one of ${CATEGORY_LIST}`;
  return chain.isString().withMessage(message).bail().isIn(EVENT_CATEGORIES).withMessage(message);
};

/**
 * The six details of an event, all required, as creating it and changing it take them; read them with
 * matchedData, which holds them trimmed, `startsAt` as a Date and `timeZone` spelled as the zone
 * database spells it. Whether `startsAt` is still to come is the use case's to say, by its clock.
 */
export const eventDetailsFields = () => [
  textField('name', 'Name', NAME_LENGTH),
  textField('venue', 'Venue', VENUE_LENGTH),
  textField('city', 'City', CITY_LENGTH),
  body('startsAt')
    .custom((value) => parseInstant(value) !== null)
    .withMessage(`startsAt must be a date and time with its offset, such as ${INSTANT_EXAMPLE}`)
    .bail()
    .customSanitizer(parseInstant),
  body('timeZone')
    .isString()
    .withMessage('timeZone is required')
    .bail()
    .trim()
    .custom((value) => ianaTimeZone(value) !== null)
    .withMessage('timeZone must be an IANA time zone, such as Europe/London')
    .bail()
    .customSanitizer(ianaTimeZone),
  categoryField(body('category')),
];

/** An instant in a list's query; empty counts as absent, as a form's empty date field sends it. */
const instantQuery = (field: string) =>
  query(field)
    .optional({ values: 'falsy' })
    .custom((value) => parseInstant(value) !== null)
    .withMessage(`${field} must be a date and time with its offset, such as ${INSTANT_EXAMPLE}`)
    .bail()
    .customSanitizer(parseInstant);

/** The filters of the event listing besides its search; empty ones count as absent. */
export const eventFilterFields = () => [
  query('city')
    .optional({ values: 'falsy' })
    .isString()
    .withMessage('city must be text')
    .bail()
    .trim()
    .isLength({ max: CITY_LENGTH.max })
    .withMessage(`city must be at most ${CITY_LENGTH.max} characters`),
  categoryField(query('category').optional({ values: 'falsy' })),
  instantQuery('from'),
  instantQuery('to'),
];
