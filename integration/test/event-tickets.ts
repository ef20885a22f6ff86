import type { Express } from 'express';
import request from 'supertest';

/** The details of an event a month from now, as creating or changing one takes them. */
export const eventDetails = (name: string) => ({
  name,
  venue: 'Matrix Arena',
  city: 'London',
  startsAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
  timeZone: 'Europe/London',
  category: 'concert',
});

/**
 * `cookie`'s user creates an event called `name` and issues one ticket of it at `faceValue`: they
 * hold it, listed at that price. Fails the test unless tickets answers both with 201.
 */
export async function issueEventTicket(tickets: Express, cookie: string, { name, faceValue }: { name: string; faceValue: number }): Promise<{ eventId: string; ticketId: string }> {
  const event = await request(tickets).post('/api/events').set('Cookie', cookie).send(eventDetails(name));
  expect(event.status).toBe(201);
  const issued = await request(tickets).post(`/api/events/${event.body.id}/tickets`).set('Cookie', cookie).send({ faceValue, quantity: 1 });
  expect(issued.status).toBe(201);
  return { eventId: event.body.id as string, ticketId: issued.body.tickets[0].id as string };
}
