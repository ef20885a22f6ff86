import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AnyEnvelope } from '../events/catalogue';
import type { TraceCarrier } from '../tracing/trace-context';

/**
 * Events waiting to be published, written in the same transaction as the change they report. Each
 * service adds this table to its schema (`export { outbox } from '@ticketing/common'`) so its
 * migrations create it in its own database.
 */
export const outbox = pgTable(
  'outbox',
  {
    /** Publication order: the order the transactions wrote them in. */
    seq: bigserial({ mode: 'number' }).primaryKey(),
    id: uuid().notNull().unique(),
    subject: text().notNull(),
    envelope: jsonb().$type<AnyEnvelope>().notNull(),
    /** The trace of the transaction that wrote it, which the relay sends on; null when nothing was traced. */
    traceContext: jsonb().$type<TraceCarrier>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('outbox_pending_idx').on(table.seq).where(sql`${table.publishedAt} IS NULL`)],
);

export type OutboxRow = typeof outbox.$inferSelect;
