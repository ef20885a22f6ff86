import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, JetStreamApiError, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers, nanos } from '@nats-io/transport-node';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { env } from '../config/config';
import { isUnavailableError } from '../errors/unavailable';
import type { Envelope, EventCatalogue, Subject } from '../events/catalogue';
import { readEnvelope } from '../events/validation';
import { EventRejectedError, RetryLaterError } from '../events/versioning';
import { inSpan, SpanKind, type TraceCarrier } from '../tracing/trace-context';
import type { Bus } from './bus';
import { durableName } from './permissions';

export const listenerEnv = {
  /** Times the same unexpected error may repeat for one event before it is parked. */
  EVENT_MAX_DELIVER: env.int({ default: 10, min: 1, max: 1000 }),
  EVENT_ACK_WAIT_MS: env.int({ default: 30_000, min: 1000 }),
  /** A handler still running after this is abandoned and its event retried; below the ack wait. */
  EVENT_HANDLER_TIMEOUT_MS: env.int({ default: 20_000, min: 100 }),
};

/**
 * Handles one subject. Throw to have the event redelivered later; return to acknowledge it. It is
 * only ever given an envelope its subject's schema accepted.
 */
export interface EventHandler<S extends Subject> {
  subject: S;
  handle(data: EventCatalogue[S], envelope: Envelope<S>): Promise<void>;
}

export interface ListenerOptions {
  bus: Bus;
  /** The durable consumer's owner: all replicas of a service share one consumer per subject. */
  service: string;
  logger: Logger;
  registry?: Registry;
  /** How many times the same unexpected error may repeat for one event before it is parked. */
  maxDeliver?: number;
  ackWaitMs?: number;
  handlerTimeoutMs?: number;
  /** First redelivery delay; it doubles with each delivery, up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * Resolves when what the handler needs (its database) answers. After a failure caused by an
   * unavailable dependency the listener stops pulling until this succeeds, instead of taking
   * event after event only to fail each.
   */
  probe?: () => Promise<void>;
}

export interface RunningListener {
  durable: string;
  stop(): Promise<void>;
}

/** What became of one delivery. */
type Outcome = 'acked' | 'retried' | 'waiting' | 'unavailable' | 'dead_lettered';

interface ListenerMetrics {
  handled: Counter<'subject' | 'outcome'>;
  deadLettered: Counter<'subject'>;
}

const metricsByRegistry = new WeakMap<Registry, ListenerMetrics>();

function listenerMetrics(registry: Registry | undefined): ListenerMetrics | undefined {
  if (!registry) return undefined;
  let metrics = metricsByRegistry.get(registry);
  if (!metrics) {
    metrics = {
      handled: new Counter({
        name: 'events_handled_total',
        help: 'Deliveries taken from the bus, by subject and outcome (acked, waiting for an earlier event, retried after an error, unavailable dependency, dead_lettered)',
        labelNames: ['subject', 'outcome'] as const,
        registers: [registry],
      }),
      deadLettered: new Counter({
        name: 'events_dead_lettered_total',
        help: 'Events parked on the dead-letter subject because they can never succeed',
        labelNames: ['subject'] as const,
        registers: [registry],
      }),
    };
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}

/** A handler that has not settled within its time: abandoned, and the event tried again. */
export class HandlerTimeoutError extends Error {
  constructor(ms: number) {
    super(`handler did not finish within ${ms} ms`);
    this.name = 'HandlerTimeoutError';
  }
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new HandlerTimeoutError(ms)), ms)));
  // The abandoned work may still fail later; that is already accounted for by the retry.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The headers a parked message carries: where it came from, who gave up on it, and why. */
export const DEAD_LETTER_HEADERS = {
  originalSubject: 'Ticketing-Original-Subject',
  consumer: 'Ticketing-Consumer',
  envelopeId: 'Ticketing-Envelope-Id',
  deliveries: 'Ticketing-Deliveries',
  reason: 'Ticketing-Reason',
} as const;

/** The W3C trace context headers the relay sets on a message. */
const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/** An event waiting for an earlier one is looked at again at least this often. */
const MAX_WAITING_DELAY_MS = 5_000;

/**
 * Consumes one subject through a durable, explicit-ack consumer, one event at a time: handle, then
 * ack only after the handler's work has committed. What happens on failure depends on why:
 *
 * - a payload that is not an event of this subject (not JSON, or refused by the subject's schema,
 *   the reason naming each failing field), or one a rule refuses (EventRejectedError), can never
 *   succeed: it is parked on the dead-letter subject at once, without reaching the handler;
 * - a dependency that is unavailable (database, bus, Stripe; see isUnavailableError), or a handler
 *   that hangs, is waited out: the event is retried without limit, and the listener stops pulling
 *   until `probe` answers again;
 * - an event that waits for an earlier one (RetryLaterError) is retried without limit, so it applies
 *   by itself once the earlier one arrives, or is replayed;
 * - any other error is retried with a growing delay, and parked once the same error has repeated
 *   `maxDeliver` times.
 *
 * An outer loop re-establishes the consumer after any error (NATS restarted, consumer deleted).
 */
export function startListener<S extends Subject>(handler: EventHandler<S>, options: ListenerOptions): RunningListener {
  const { bus, logger: baseLogger, probe } = options;
  const maxDeliver = options.maxDeliver ?? 10;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? Math.max(100, ackWaitMs - 5_000);
  const retryDelayMs = options.retryDelayMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const durable = durableName(options.service, handler.subject);
  const logger = baseLogger.child({ listener: durable, subject: handler.subject });
  const metrics = listenerMetrics(options.registry);
  const backoff = (attempt: number, cap = maxRetryDelayMs) => Math.min(cap, retryDelayMs * 2 ** Math.max(0, attempt - 1));

  let stopped = false;
  const stopping = new AbortController();
  /** Sleeps that stop() cuts short, so shutdown never waits out a backoff. */
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);
  let current: ConsumerMessages | undefined;
  /** Consecutive identical unexpected failures per stream sequence; forgotten once it is settled. */
  const repeatedFailures = new Map<number, { message: string; count: number }>();
  /** Set after a failure for an unavailable dependency: the loop stops pulling until it is back. */
  let unavailableSince: number | undefined;
  /** Pauses since the last event that succeeded, so a long outage is probed less and less often. */
  let pausesInARow = 0;

  const count = (outcome: Outcome) => metrics?.handled.inc({ subject: handler.subject, outcome });

  async function ensureConsumer() {
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: bus.subjectFor(handler.subject),
      ack_wait: nanos(ackWaitMs),
      // Unlimited on the server: only the listener decides that an event can never succeed.
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    try {
      await bus.jsm.consumers.info(bus.stream, durable);
      await bus.jsm.consumers.update(bus.stream, durable, config);
    } catch (err) {
      if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
      await bus.jsm.consumers.add(bus.stream, config);
    }
  }

  async function park(msg: JsMsg, reason: string, envelopeId?: string) {
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.originalSubject, msg.subject);
    h.set(DEAD_LETTER_HEADERS.consumer, durable);
    if (envelopeId) h.set(DEAD_LETTER_HEADERS.envelopeId, envelopeId);
    h.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.deliveryCount));
    h.set(DEAD_LETTER_HEADERS.reason, reason.slice(0, 1000));
    try {
      // The stream sequence is unique per copy, so an event parked again after a replay is kept too.
      await bus.js.publish(bus.deadLetterSubjectFor(handler.subject), msg.data, { headers: h, msgID: `dead:${durable}:${msg.seq}` });
    } catch (err) {
      // Parking failed (bus trouble): keep the message and try again later rather than lose it.
      logger.warn({ err }, 'could not park message on the dead-letter subject; will retry');
      msg.nak(maxRetryDelayMs);
      return;
    }
    // No reason on the term: `+TERM <reason>` needs nats-server 2.10, and 2.9 ignores the whole
    // term, leaving the message to come back after its ack wait. The reason is in the headers above.
    msg.term();
    repeatedFailures.delete(msg.seq);
    metrics?.deadLettered.inc({ subject: handler.subject });
    count('dead_lettered');
    logger.error({ envelopeId, deliveries: msg.info.deliveryCount, reason, streamSeq: msg.seq }, 'event parked on dead-letter subject');
  }

  /**
   * Runs the handler in a consumer span that continues the trace the message's headers carry, so
   * the work an event causes, and the events that work records, stay in the trace that began it.
   */
  function handleInItsTrace(msg: JsMsg, envelope: Envelope<S>) {
    const parent: TraceCarrier = {};
    for (const name of TRACE_HEADERS) {
      const value = msg.headers?.get(name);
      if (value) parent[name] = value;
    }
    const attributes = { 'messaging.system': 'nats', 'messaging.destination.name': handler.subject, 'messaging.message.id': envelope.id, 'messaging.consumer.group.name': durable };
    return inSpan(`${handler.subject} process`, { kind: SpanKind.CONSUMER, parent, attributes }, async () => {
      await handler.handle(envelope.data, envelope);
      logger.debug({ envelopeId: envelope.id, deliveries: msg.info.deliveryCount }, 'event handled');
    });
  }

  async function process(msg: JsMsg) {
    let body: unknown;
    try {
      body = msg.json<unknown>();
    } catch {
      return park(msg, 'payload is not JSON');
    }
    const reading = readEnvelope(handler.subject, body);
    if (!reading.valid) return park(msg, reading.reason, reading.envelopeId);
    const envelope: Envelope<S> = reading.envelope;
    const deliveries = msg.info.deliveryCount;
    try {
      await withinTime(handleInItsTrace(msg, envelope), handlerTimeoutMs);
      msg.ack();
      repeatedFailures.delete(msg.seq);
      pausesInARow = 0;
      count('acked');
    } catch (err) {
      if (err instanceof EventRejectedError) return park(msg, err.message, envelope.id);
      if (err instanceof RetryLaterError) {
        logger.debug({ envelopeId: envelope.id, reason: err.message }, 'event waits for an earlier one');
        msg.nak(backoff(deliveries, MAX_WAITING_DELAY_MS));
        count('waiting');
        return;
      }
      if (isUnavailableError(err)) {
        unavailableSince ??= Date.now();
        logger.warn({ err, envelopeId: envelope.id, deliveries }, 'a dependency is unavailable; pausing this consumer until it is back');
        msg.nak(retryDelayMs);
        count('unavailable');
        return;
      }
      const message = (err as Error)?.message ?? String(err);
      const previous = repeatedFailures.get(msg.seq);
      const repeats = previous?.message === message ? previous.count + 1 : 1;
      if (repeats >= maxDeliver) return park(msg, `the same error ${repeats} times: ${message}`, envelope.id);
      repeatedFailures.set(msg.seq, { message, count: repeats });
      const delay = backoff(repeats);
      logger.warn({ err, envelopeId: envelope.id, deliveries, repeats, delay }, 'event handler failed; will retry');
      msg.nak(delay);
      count('retried');
    }
  }

  /** Waits, with growing pauses, until the dependency that failed answers again. */
  async function waitForDependency() {
    while (!stopped) {
      await pause(backoff(++pausesInARow));
      if (stopped) return;
      try {
        await probe?.();
        logger.info({ pausedMs: Date.now() - unavailableSince! }, 'dependency answers again; consuming');
        unavailableSince = undefined;
        return;
      } catch (err) {
        logger.debug({ err, pausesInARow }, 'dependency still unavailable');
      }
    }
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (failures > 0) await bus.ensureStream();
        await ensureConsumer();
        const consumer = await bus.js.consumers.get(bus.stream, durable);
        current = await consumer.consume({ max_messages: 10, abort_on_missing_resource: true });
        // stop() may have run while the consumer was being set up, before there was anything to close.
        if (stopped) {
          await current.close();
          break;
        }
        failures = 0;
        for await (const msg of current) {
          // Buffered messages after stop, or while paused, go straight back instead of waiting out
          // their ack wait: another replica, or this one later, takes them.
          if (stopped || unavailableSince !== undefined) {
            msg.nak();
            continue;
          }
          await process(msg);
          if (unavailableSince !== undefined) void current.close();
        }
      } catch (err) {
        if (stopped) break;
        failures++;
        logger.warn({ err, failures }, 'consumer failed; re-establishing');
      }
      if (stopped) break;
      if (unavailableSince !== undefined) await waitForDependency();
      else await pause(Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
    }
  })();

  return {
    durable,
    async stop() {
      stopped = true;
      stopping.abort();
      await current?.close();
      await loop;
    },
  };
}
