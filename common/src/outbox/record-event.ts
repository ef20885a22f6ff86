import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { AnyEnvelope, Envelope, EventCatalogue, Subject } from '../events/catalogue';
import { assertValidEnvelope } from '../events/validation';
import { currentTraceCarrier, type TraceCarrier } from '../tracing/trace-context';
import { outbox } from './outbox-table';

/** The NOTIFY channel that wakes the relay when a transaction that wrote events commits. */
export const OUTBOX_CHANNEL = 'outbox';

/** A drizzle transaction (or database) of any service: recording only needs the outbox table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tx = PgDatabase<PgQueryResultHKT, any>;

/**
 * Records an event in the caller's transaction. It is published only if, and after, that
 * transaction commits; the change and its event stand or fall together.
 *
 * The row keeps the trace context of the work that records it, so the trace goes on through the bus.
 *
 * An event its subject's schema refuses throws InvalidEventError, failing the transaction: the
 * types cannot see everything the schema checks (a UUID, an integer), and a bad event is better
 * stopped here, with the change that made it, than parked by every consumer. Consumers check anyway.
 */
export async function recordEvent<S extends Subject>(
  tx: Tx,
  subject: S,
  data: EventCatalogue[S],
  options: {
    /**
     * The trace the event continues, when it is not the work under way: a payment's success
     * belongs to the trace of the order it pays, not of the request that happened to bring it.
     */
    trace?: TraceCarrier | null;
  } = {},
): Promise<Envelope<S>> {
  const envelope = assertValidEnvelope<S>({ id: randomUUID(), subject, occurredAt: new Date().toISOString(), data });
  const traceContext = options.trace ?? currentTraceCarrier();
  await tx.insert(outbox).values({ id: envelope.id, subject, envelope: envelope as unknown as AnyEnvelope, traceContext });
  // Delivered to listeners only when the transaction commits, and dropped if it rolls back.
  await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
  return envelope;
}
