import type { Express } from 'express';
import request from 'supertest';
import { codeShownAt } from '@ticketing/common/testing';

const HOUR_MS = 3600 * 1000;

/**
 * The details of an event a month from now, as creating or changing one takes them, or `startsInHours`
 * from now: within 6 hours its doors are open to check-ins.
 */
export const eventDetails = (name: string, startsInHours = 30 * 24) => ({
  name,
  venue: 'Matrix Arena',
  city: 'London',
  startsAt: new Date(Date.now() + startsInHours * HOUR_MS).toISOString(),
  timeZone: 'Europe/London',
  category: 'concert',
});

/**
 * `cookie`'s user creates an event called `name` (a month away unless `startsInHours` says) and
 * issues one ticket of it at `faceValue`: they hold it, listed at that price. Fails the test unless
 * tickets answers both with 201.
 */
export async function issueEventTicket(
  tickets: Express,
  cookie: string,
  { name, faceValue, startsInHours }: { name: string; faceValue: number; startsInHours?: number },
): Promise<{ eventId: string; ticketId: string }> {
  const event = await request(tickets).post('/api/events').set('Cookie', cookie).send(eventDetails(name, startsInHours));
  expect(event.status).toBe(201);
  const issued = await request(tickets).post(`/api/events/${event.body.id}/tickets`).set('Cookie', cookie).send({ faceValue, quantity: 1 });
  expect(issued.status).toBe(201);
  return { eventId: event.body.id as string, ticketId: issued.body.tickets[0].id as string };
}

/** The code the holder's phone shows now for their ticket, from its credential. Fails the test unless tickets answers 200. */
export async function codeShownNow(tickets: Express, cookie: string, ticketId: string): Promise<string> {
  const credential = await request(tickets).get(`/api/tickets/${ticketId}/credential`).set('Cookie', cookie);
  expect(credential.status).toBe(200);
  return codeShownAt(credential.body, new Date());
}
