import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { currentTraceCarrier, inSpan, readWithin, SpanKind, type Bus, type Logger, type OrderCreatedData, type TraceCarrier } from '@ticketing/common';

/**
 * What a timer keeps in Redis: the order, when its hold ends to measure how late it fired, and the
 * trace of the order that set it (absent when nothing was traced, and in timers set before), which
 * its expiration.complete continues.
 */
export interface ExpirationJobData {
  orderId: string;
  expiresAt: string;
  traceContext?: TraceCarrier;
}

export interface ExpirationTimersOptions {
  redisUrl: string;
  queueName: string;
  logger: Logger;
  registry: Registry;
  /** Injected so the delay until expiresAt can be tested against a fixed clock. */
  now?: () => Date;
  /** First delay before a failed publish is tried again; it doubles per attempt up to a minute. */
  retryDelayMs?: number;
}

const JOB_NAME = 'expire';
// With retries capped at a minute apart this keeps trying for about 16 hours of bus outage; past
// that the job is kept as failed and the orders sweep cancels the order.
const MAX_ATTEMPTS = 1000;
const MAX_RETRY_DELAY_MS = 60_000;
// BullMQ's own 'exponential' has no ceiling: after a long outage its next retry would be days away.
const BACKOFF_TYPE = 'capped-exponential';
// A fired timer stays a day so a late redelivery of its order.created finds it and schedules nothing.
const COMPLETED_RETENTION_SECONDS = 24 * 3600;
// A publish waiting on a slow bus must not hold back the expiry of other orders due at the same time.
const WORKER_CONCURRENCY = 10;
// Commands on this connection wait through a Redis outage instead of failing: a scrape stops waiting first.
const HOLDS_COUNT_TIMEOUT_MS = 2_000;

/**
 * The hold timers: one delayed BullMQ job per order, due at its expiresAt and identified by the
 * order id. The jobs live in Redis, so they fire even if every replica of the service restarted in
 * between; any replica's worker may fire a given job, and only one does.
 */
export class ExpirationTimers {
  readonly queue: Queue<ExpirationJobData>;
  private worker?: Worker<ExpirationJobData>;
  private closing?: Promise<void>;
  private readonly now: () => Date;
  private readonly scheduled: Counter;
  private readonly fired: Counter;
  private readonly lateness: Histogram;

  private constructor(
    private readonly redis: Redis,
    private readonly options: ExpirationTimersOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.queue = new Queue<ExpirationJobData>(options.queueName, { connection: redis });
    this.queue.on('error', (err) => options.logger.warn({ err }, 'expiration queue error'));
    const registers = [options.registry];
    this.scheduled = new Counter({ name: 'expiration_jobs_scheduled_total', help: 'Order hold timers added', registers });
    this.fired = new Counter({ name: 'expiration_jobs_fired_total', help: 'Order hold timers that published expiration.complete', registers });
    this.lateness = new Histogram({
      name: 'expiration_lateness_seconds',
      help: "From an order's expiresAt to its expiration.complete being acknowledged by the bus",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    const queue = this.queue;
    new Gauge({
      name: 'holds_active',
      help: 'Order holds whose timer has not fired yet: delayed and waiting jobs of the timer queue, whichever replica added them',
      registers,
      async collect() {
        // Redis down or slow: the last count stands, and Redis's own alerts fire. While it is down
        // nothing is asked, so scrapes do not pile commands up for its return.
        if (redis.status !== 'ready') return;
        const count = await readWithin(queue.getJobCountByTypes('delayed', 'waiting'), HOLDS_COUNT_TIMEOUT_MS);
        if (count !== undefined) this.set(count);
      },
    });
  }

  static open(options: ExpirationTimersOptions): ExpirationTimers {
    // BullMQ's worker blocks on Redis and requires commands to wait through a reconnect, not fail.
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    // ioredis reports every failed reconnect as an error event; without a listener it prints them.
    redis.on('error', (err) => options.logger.warn({ err }, 'redis connection error'));
    return new ExpirationTimers(redis, options);
  }

  /** Adds the order's timer, due at expiresAt (at once if that has passed); nothing if it has one. */
  async schedule({ id: orderId, expiresAt }: Pick<OrderCreatedData, 'id' | 'expiresAt'>): Promise<void> {
    const expiresAtMs = Date.parse(expiresAt);
    if (Number.isNaN(expiresAtMs)) throw new Error(`order ${orderId} has an invalid expiresAt "${expiresAt}"`);
    // The add below ignores an existing job id anyway; the lookup only keeps a redelivered
    // order.created from being counted as a second timer.
    if (await this.queue.getJob(orderId)) {
      this.options.logger.debug({ orderId }, 'order already has a timer');
      return;
    }
    const delay = Math.max(0, expiresAtMs - this.now().getTime());
    const traceContext = currentTraceCarrier() ?? undefined;
    await this.queue.add(
      JOB_NAME,
      { orderId, expiresAt, traceContext },
      {
        jobId: orderId,
        delay,
        attempts: MAX_ATTEMPTS,
        backoff: { type: BACKOFF_TYPE },
        removeOnComplete: { age: COMPLETED_RETENTION_SECONDS },
        // A timer that gave up is kept for an operator to inspect and retry.
        removeOnFail: false,
      },
    );
    this.scheduled.inc();
    this.options.logger.debug({ orderId, expiresAt, delay }, 'order timer scheduled');
  }

  /**
   * Removes the order's timer. A timer already running is left alone (BullMQ keeps it locked): it
   * publishes, and orders ignores the expiration of an order it has cancelled.
   */
  async cancel(orderId: string): Promise<void> {
    const removed = await this.queue.remove(orderId);
    this.options.logger.debug({ orderId, removed: removed === 1 }, 'order timer cancelled');
  }

  /** Starts the worker that fires due timers by publishing expiration.complete on `bus`. */
  startFiring(bus: Pick<Bus, 'publish'>): void {
    const { logger, retryDelayMs = 1000 } = this.options;
    const worker = new Worker<ExpirationJobData>(this.queue.name, (job) => this.fire(job, bus), {
      connection: this.redis,
      concurrency: WORKER_CONCURRENCY,
      settings: { backoffStrategy: (attemptsMade) => Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** (attemptsMade - 1)) },
    });
    worker.on('failed', (job, err) => {
      const orderId = job?.data.orderId;
      if (job && job.attemptsMade >= MAX_ATTEMPTS) logger.error({ err, orderId, attempts: job.attemptsMade }, 'order timer gave up');
      else logger.warn({ err, orderId, attempts: job?.attemptsMade }, 'order timer failed to publish; will retry');
    });
    worker.on('error', (err) => logger.warn({ err }, 'expiration worker error'));
    this.worker = worker;
  }

  /** Stops taking due timers, after the running ones have published or failed. */
  async stopFiring(): Promise<void> {
    await this.worker?.close();
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** Stops the worker, then the queue, then the Redis connection. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.stopFiring();
      await this.queue.close();
      // QUIT would wait forever for a Redis that is gone, since commands never give up on this connection.
      if (this.redis.status === 'ready') await this.redis.quit();
      else this.redis.disconnect();
    })();
    return this.closing;
  }

  private fire(job: Job<ExpirationJobData>, bus: Pick<Bus, 'publish'>): Promise<void> {
    const { orderId, traceContext } = job.data;
    const attributes = { 'messaging.system': 'nats', 'messaging.destination.name': 'expiration.complete', 'order.id': orderId };
    return inSpan('expiration.complete publish', { kind: SpanKind.PRODUCER, parent: traceContext, attributes }, () => this.publishExpiry(job, bus));
  }

  private async publishExpiry(job: Job<ExpirationJobData>, bus: Pick<Bus, 'publish'>): Promise<void> {
    const { orderId, expiresAt } = job.data;
    // Expiration has no database and so no outbox: it publishes directly, and the job stays in
    // Redis, retried, until the stream acknowledges. The envelope id is the same on every attempt,
    // so the stream drops a retry of a publish that was stored but whose acknowledgement was lost;
    // a retry past its two-minute duplicate window lands twice, and orders ignores the second.
    const { duplicate } = await bus.publish(
      {
        id: `expiration.complete:${orderId}`,
        subject: 'expiration.complete',
        occurredAt: this.now().toISOString(),
        data: { orderId },
      },
      currentTraceCarrier(),
    );
    const latenessSeconds = (this.now().getTime() - Date.parse(expiresAt)) / 1000;
    this.fired.inc();
    this.lateness.observe(latenessSeconds);
    this.options.logger.info({ orderId, expiresAt, latenessSeconds, duplicate, attempts: job.attemptsMade + 1 }, 'order hold expired');
  }
}
