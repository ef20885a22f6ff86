import { and, asc, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import { env } from '../config/config';
import type { Database } from '../db/database';
import type { AnyEnvelope } from '../events/catalogue';
import { currentTraceCarrier, inSpan, SpanKind, type TraceCarrier } from '../tracing/trace-context';
import { outbox } from './outbox-table';
import { OUTBOX_CHANNEL } from './record-event';

export const outboxEnv = {
  /** Published events are kept this long in the outbox table, for inspection, then deleted. */
  OUTBOX_RETENTION_HOURS: env.int({ default: 24, min: 0 }),
};

export interface OutboxRelayOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database: Database<any>;
  bus: Pick<Bus, 'publish'> & Partial<Pick<Bus, 'onReconnect'>>;
  logger: Logger;
  registry?: Registry;
  /** Fallback poll when no NOTIFY arrives (a lost LISTEN connection, a missed wake-up). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Published rows are kept this long for inspection, then deleted. */
  retentionMs?: number;
  /**
   * The longest a batch waits for its acknowledgements. Rows not acknowledged by then stay pending
   * and go out again with the next batch (the stream drops the copy if the first one landed), so
   * one slow publish never holds back the others.
   */
  batchWaitMs?: number;
  /** The longest pause between attempts while publishing fails (a reconnect cuts it short). */
  maxRetryDelayMs?: number;
}

/**
 * One relay publishes at a time across all replicas of a service: the batch runs under a
 * transaction-scoped advisory lock, which keeps publication in commit order. Replicas that do not
 * get the lock simply try again on their next wake-up.
 */
const RELAY_LOCK_KEY = 727_274_647;

/**
 * Publishes an event as a step of the trace that recorded it: a producer span, child of the
 * transaction's, whose context goes in the message headers for the consumers to continue.
 */
function publishInItsTrace(bus: Pick<Bus, 'publish'>, envelope: AnyEnvelope, traceContext: TraceCarrier | null) {
  if (!traceContext) return bus.publish(envelope);
  return inSpan(`${envelope.subject} publish`, { kind: SpanKind.PRODUCER, parent: traceContext, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': envelope.subject, 'messaging.message.id': envelope.id } }, () =>
    bus.publish(envelope, currentTraceCarrier()),
  );
}
const CLEANUP_EVERY_MS = 60_000;
const MAX_RETRY_DELAY_MS = 5_000;

/** Resolves with each promise's outcome once all have settled, or `ms` has passed: `undefined` for those still pending. */
async function settledWithin<T>(promises: Promise<T>[], ms: number): Promise<(PromiseSettledResult<T> | undefined)[]> {
  const outcomes: (PromiseSettledResult<T> | undefined)[] = promises.map(() => undefined);
  const tracked = promises.map((promise, i) =>
    promise.then(
      (value) => void (outcomes[i] = { status: 'fulfilled', value }),
      (reason: unknown) => void (outcomes[i] = { status: 'rejected', reason }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(tracked), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  return outcomes;
}

/**
 * Publishes the outbox's pending events in order and marks them sent. It wakes on NOTIFY from a
 * committing transaction, and polls as a fallback. While the bus is unreachable the events stay in
 * the outbox and go out once it is back; a republish after a crash is dropped by the stream's
 * duplicate window, since the outbox row's id is the message id.
 */
export class OutboxRelay {
  private stopped = true;
  private wake?: () => void;
  private loop?: Promise<void>;
  private unlisten?: () => Promise<void>;
  private stopWatchingReconnects?: () => void;
  private lastCleanup = 0;
  private readonly published?: Counter;

  constructor(private readonly options: OutboxRelayOptions) {
    if (options.registry) {
      this.published = new Counter({ name: 'outbox_published_total', help: 'Events published from the outbox', registers: [options.registry] });
      const relay = this;
      new Gauge({
        name: 'outbox_pending',
        help: 'Events in the outbox not yet published',
        registers: [options.registry],
        // Counted at each scrape, so it is the backlog itself, whichever replica publishes.
        async collect() {
          try {
            this.set(await relay.countPending());
          } catch {
            // The database is down: the last count stands, and the database's own alerts fire.
          }
        },
      });
    }
  }

  /** The events written but not yet published. */
  async countPending(): Promise<number> {
    const [row] = await this.options.database.db.select({ count: sql<number>`count(*)::int` }).from(outbox).where(isNull(outbox.publishedAt));
    return row?.count ?? 0;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unlisten = await this.options.database.listen(OUTBOX_CHANNEL, () => this.nudge());
    // Whatever piled up while the bus was away goes out as soon as it is back, not at the next retry.
    this.stopWatchingReconnects = this.options.bus.onReconnect?.(() => this.nudge());
    this.loop = this.run();
  }

  /** Makes the relay look at the outbox now rather than at its next poll. */
  nudge(): void {
    this.wake?.();
  }

  /** Stops the loop after a last attempt to publish what is pending (bounded by the bus timeout). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.nudge();
    await this.loop;
    this.stopWatchingReconnects?.();
    await this.unlisten?.();
    try {
      await this.publishPending();
    } catch (err) {
      this.options.logger.warn({ err }, 'outbox not fully flushed at shutdown; the next start publishes the rest');
    }
  }

  /** Publishes everything pending now; resolves to how many events went out. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < (this.options.batchSize ?? 100)) return total;
    }
  }

  private async run() {
    const { logger } = this.options;
    let failures = 0;
    while (!this.stopped) {
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      try {
        await this.publishPending();
        failures = 0;
      } catch (err) {
        failures++;
        logger.warn({ err, failures }, 'outbox relay could not publish; will retry');
      }
      try {
        await this.cleanUp();
      } catch (err) {
        logger.warn({ err }, 'outbox relay could not prune published events; will retry');
      }
      if (this.stopped) break;
      const delay = failures > 0 ? Math.min(this.options.maxRetryDelayMs ?? MAX_RETRY_DELAY_MS, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 1000);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, delay)))]);
      clearTimeout(timer);
    }
  }

  private async publishBatch(): Promise<number> {
    const { database, bus } = this.options;
    const batchSize = this.options.batchSize ?? 100;
    let failure: unknown;
    const sent = await database.db.transaction(async (tx) => {
      // Both drivers answer raw SQL with `{ rows }`.
      const lock = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) AS locked`)) as unknown as {
        rows: { locked: boolean }[];
      };
      if (!lock.rows[0]?.locked) return 0;
      const rows = await tx
        .select({ seq: outbox.seq, envelope: outbox.envelope, traceContext: outbox.traceContext })
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.seq))
        .limit(batchSize);
      if (rows.length === 0) return 0;
      // Sent in order on one connection, so the stream stores them in order; acks are awaited together.
      const outcomes = await settledWithin(
        rows.map((row) => publishInItsTrace(bus, row.envelope, row.traceContext)),
        this.options.batchWaitMs ?? 1000,
      );
      const sentSeqs = rows.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((row) => row.seq);
      const firstFailure = outcomes.find((outcome) => outcome?.status === 'rejected');
      if (firstFailure) failure = (firstFailure as PromiseRejectedResult).reason;
      else if (sentSeqs.length < rows.length) failure = new Error(`${rows.length - sentSeqs.length} publishes not acknowledged within the batch wait`);
      if (sentSeqs.length > 0) {
        await tx.update(outbox).set({ publishedAt: new Date() }).where(inArray(outbox.seq, sentSeqs));
      }
      this.published?.inc(sentSeqs.length);
      return sentSeqs.length;
    });
    if (failure) throw failure;
    return sent;
  }

  private async cleanUp() {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    const cutoff = new Date(now - (this.options.retentionMs ?? 24 * 3600 * 1000));
    await this.options.database.db.delete(outbox).where(and(isNotNull(outbox.publishedAt), lt(outbox.publishedAt, cutoff)));
  }
}
