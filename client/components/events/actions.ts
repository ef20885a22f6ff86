'use server';

import { redirect } from 'next/navigation';
import { createEvent, issueTickets, updateEvent, type EventInput, type TicketIssueInput } from '@/lib/api';
import type { Problem } from '@/lib/api/errors';
import { instantAtWallClock, isKnownTimeZone, zonePlace } from '@/lib/dates';
import { formStateFromProblems, problemsOf, textField, type FormState } from '@/lib/forms';
import { parseSeats } from '@/lib/seats';

const EVENT_FIELDS = ['name', 'venue', 'city', 'date', 'time', 'timeZone', 'category'] as const;
export type EventFormState = FormState<(typeof EVENT_FIELDS)[number]>;

type EventValues = EventFormState['values'];

/**
 * The organiser types the start as the venue's clocks will show it; the API takes the instant. A start
 * that cannot become one is the form's to explain, in the organiser's words.
 */
function startOf(values: EventValues): { startsAt: string | null; problems: Problem[] } {
  const { date = '', time = '', timeZone = '' } = values;
  if (!date) return { startsAt: null, problems: [{ field: 'date', message: 'Enter the date of the event' }] };
  if (!time) return { startsAt: null, problems: [{ field: 'time', message: 'Enter the time the event starts' }] };
  if (!timeZone) return { startsAt: null, problems: [{ field: 'timeZone', message: "Choose the venue's time zone" }] };
  // The API names what is wrong with a zone this runtime does not know.
  if (!isKnownTimeZone(timeZone)) return { startsAt: null, problems: [] };
  const instant = instantAtWallClock({ date, time }, timeZone);
  if (!instant) {
    return { startsAt: null, problems: [{ field: 'time', message: `${time} on ${date} does not exist in ${zonePlace(timeZone)}: the clocks skip it. Choose another time.` }] };
  }
  return { startsAt: instant.toISOString(), problems: [] };
}

/**
 * The API names the start `startsAt`; the form shows it as a date and a time. Only an instant we
 * computed is ever sent, so what the API can say of it is that it is not in the future.
 */
function inFormTerms(problem: Problem): Problem {
  if (problem.field !== 'startsAt') return problem;
  return { field: 'date', message: 'The event must start in the future' };
}

async function submitEvent(formData: FormData, send: (input: EventInput) => Promise<{ id: string }>): Promise<EventFormState | string> {
  const values = Object.fromEntries(EVENT_FIELDS.map((field) => [field, textField(formData, field)])) as EventValues;
  const start = startOf(values);
  const input = {
    name: values.name ?? '',
    venue: values.venue ?? '',
    city: values.city ?? '',
    startsAt: start.startsAt ?? '',
    timeZone: values.timeZone ?? '',
    category: values.category ?? '',
  };
  try {
    // Sent even when the start is wrong, so that every field's problem shows at once; the API refuses it whole.
    const event = await send(input);
    if (start.startsAt) return event.id;
  } catch (err) {
    // The first problem per field is shown, so the form's own, in plainer words, come before the API's.
    const fromApi = problemsOf(err).filter((problem) => !(start.startsAt === null && problem.field === 'startsAt'));
    return formStateFromProblems([...start.problems, ...fromApi.map(inFormTerms)], EVENT_FIELDS, values);
  }
  return formStateFromProblems(start.problems, EVENT_FIELDS, values);
}

/** Creates the event with the visitor as its organiser, and shows it, ready for tickets to be issued. */
export async function createEventAction(_previous: EventFormState, formData: FormData): Promise<EventFormState> {
  const outcome = await submitEvent(formData, createEvent);
  if (typeof outcome !== 'string') return outcome;
  redirect(`/events/${outcome}`);
}

/** Changes the organiser's event before it starts. */
export async function updateEventAction(eventId: string, _previous: EventFormState, formData: FormData): Promise<EventFormState> {
  const outcome = await submitEvent(formData, (input) => updateEvent(eventId, input));
  if (typeof outcome !== 'string') return outcome;
  redirect(`/events/${outcome}`);
}

const ISSUE_FIELDS = ['faceValue', 'seating', 'section', 'row', 'seats', 'quantity'] as const;
export type IssueFormState = FormState<(typeof ISSUE_FIELDS)[number]>;

/** `seats[3]` is the fourth seat of the list: the form has one field for them all. */
const onIssueField = (problem: Problem): Problem => (problem.field?.startsWith('seats[') ? { ...problem, field: 'seats' } : problem);

/** Issues the organiser's tickets, listed at face value, and shows the event with them. */
export async function issueTicketsAction(eventId: string, _previous: IssueFormState, formData: FormData): Promise<IssueFormState> {
  const values = Object.fromEntries(ISSUE_FIELDS.map((field) => [field, textField(formData, field)])) as IssueFormState['values'];
  const seated = values.seating !== 'general-admission';
  const input: TicketIssueInput = { faceValue: values.faceValue ?? '' };
  if (values.section?.trim()) input.section = values.section;
  if (values.row?.trim()) input.row = values.row;
  if (seated) {
    const seats = parseSeats(values.seats ?? '');
    if (seats.length === 0) return formStateFromProblems([{ field: 'seats', message: 'List the seats, such as 1-20 or A1, A2' }], ISSUE_FIELDS, values);
    input.seats = seats;
  } else {
    input.quantity = values.quantity ?? '';
  }
  try {
    await issueTickets(eventId, input);
  } catch (err) {
    return formStateFromProblems(problemsOf(err).map(onIssueField), ISSUE_FIELDS, values);
  }
  redirect(`/events/${eventId}`);
}
