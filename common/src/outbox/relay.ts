import { and, asc, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { Database } from '../db/database';
import { outbox } from './outbox-table';
import { OUTBOX_CHANNEL } from './record-event';

export interface OutboxRelayOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database: Database<any>;
  bus: Pick<Bus, 'publish'>;
  logger: Logger;
  registry?: Registry;
  /** Fallback poll when no NOTIFY arrives (a lost LISTEN connection, a missed wake-up). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Published rows are kept this long for inspection, then deleted. */
  retentionMs?: number;
}

/**
 * One relay publishes at a time across all replicas of a service: the batch runs under a
 * transaction-scoped advisory lock, which keeps publication in commit order. Replicas that do not
 * get the lock simply try again on their next wake-up.
 */
const RELAY_LOCK_KEY = 727_274_647;
const CLEANUP_EVERY_MS = 60_000;

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
  private lastCleanup = 0;
  private readonly published?: Counter;
  private readonly pending?: Gauge;

  constructor(private readonly options: OutboxRelayOptions) {
    if (options.registry) {
      this.published = new Counter({ name: 'outbox_published_total', help: 'Events published from the outbox', registers: [options.registry] });
      this.pending = new Gauge({ name: 'outbox_pending', help: 'Events in the outbox not yet published', registers: [options.registry] });
    }
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unlisten = await this.options.database.listen(OUTBOX_CHANNEL, () => this.nudge());
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
        await this.cleanUp();
        failures = 0;
      } catch (err) {
        failures++;
        logger.warn({ err, failures }, 'outbox relay could not publish; will retry');
      }
      if (this.stopped) break;
      const delay = failures > 0 ? Math.min(5000, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 1000);
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
        .select({ seq: outbox.seq, envelope: outbox.envelope })
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.seq))
        .limit(batchSize);
      if (rows.length === 0) {
        this.pending?.set(0);
        return 0;
      }
      // Sent in order on one connection, so the stream stores them in order; acks are awaited together.
      const results = await Promise.allSettled(rows.map((row) => bus.publish(row.envelope)));
      const sentSeqs = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((row) => row.seq);
      const firstFailure = results.find((r) => r.status === 'rejected');
      if (firstFailure) failure = (firstFailure as PromiseRejectedResult).reason;
      if (sentSeqs.length > 0) {
        await tx.update(outbox).set({ publishedAt: new Date() }).where(inArray(outbox.seq, sentSeqs));
      }
      this.published?.inc(sentSeqs.length);
      this.pending?.set(rows.length - sentSeqs.length);
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
