import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, JetStreamApiError, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers, nanos } from '@nats-io/transport-node';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { env } from '../config/config';
import { isSubject, type Envelope, type EventCatalogue, type Subject } from '../events/catalogue';
import { RetryLaterError } from '../events/versioning';
import type { Bus } from './bus';

export const listenerEnv = {
  EVENT_MAX_DELIVER: env.int({ default: 10, min: 1, max: 1000 }),
  EVENT_ACK_WAIT_MS: env.int({ default: 30_000, min: 1000 }),
};

/** Handles one subject. Throw to have the event redelivered later; return to acknowledge it. */
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
  /** Deliveries before a failing message is parked on the dead-letter subject. */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** First redelivery delay; it doubles with each delivery, up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export interface RunningListener {
  durable: string;
  stop(): Promise<void>;
}

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
        help: 'Events taken from the bus, by subject and outcome (acked, retried, dead_lettered)',
        labelNames: ['subject', 'outcome'] as const,
        registers: [registry],
      }),
      deadLettered: new Counter({
        name: 'events_dead_lettered_total',
        help: 'Events parked on the dead-letter subject after failing every delivery',
        labelNames: ['subject'] as const,
        registers: [registry],
      }),
    };
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}

/**
 * Consumes one subject through a durable, explicit-ack consumer: handle, then ack only after the
 * handler's work has committed; on failure nak with a growing delay; after `maxDeliver` deliveries
 * park the message on the dead-letter subject and terminate it, so it never blocks the rest. An
 * outer loop re-establishes the consumer after any error (NATS restarted, consumer deleted).
 */
export function startListener<S extends Subject>(handler: EventHandler<S>, options: ListenerOptions): RunningListener {
  const { bus, logger: baseLogger } = options;
  const maxDeliver = options.maxDeliver ?? 10;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const durable = `${options.service}-${handler.subject.replace(/\./g, '-')}`;
  const logger = baseLogger.child({ listener: durable, subject: handler.subject });
  const metrics = listenerMetrics(options.registry);

  let stopped = false;
  let current: ConsumerMessages | undefined;

  async function ensureConsumer() {
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: bus.subjectFor(handler.subject),
      ack_wait: nanos(ackWaitMs),
      // Unlimited on the server: the listener itself parks a message past maxDeliver, also when the
      // process died while handling it, so the server never silently stops redelivering.
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
    h.set('Ticketing-Original-Subject', msg.subject);
    h.set('Ticketing-Consumer', durable);
    h.set('Ticketing-Deliveries', String(msg.info.deliveryCount));
    h.set('Ticketing-Reason', reason.slice(0, 1000));
    try {
      await bus.js.publish(bus.deadLetterSubjectFor(handler.subject), msg.data, {
        headers: h,
        msgID: `dead:${durable}:${envelopeId ?? msg.seq}`,
      });
    } catch (err) {
      // Parking failed (bus trouble): keep the message and try again later rather than lose it.
      logger.warn({ err }, 'could not park message on the dead-letter subject; will retry');
      msg.nak(maxRetryDelayMs);
      return;
    }
    msg.term(reason.slice(0, 200));
    metrics?.deadLettered.inc({ subject: handler.subject });
    metrics?.handled.inc({ subject: handler.subject, outcome: 'dead_lettered' });
    logger.error({ envelopeId, deliveries: msg.info.deliveryCount, reason, streamSeq: msg.seq }, 'event parked on dead-letter subject');
  }

  async function process(msg: JsMsg) {
    let envelope: Envelope<S>;
    try {
      envelope = msg.json<Envelope<S>>();
    } catch {
      return park(msg, 'payload is not JSON');
    }
    if (!envelope || !isSubject(envelope.subject) || envelope.subject !== handler.subject || typeof envelope.data !== 'object' || envelope.data === null) {
      return park(msg, 'payload is not an envelope for this subject', envelope?.id);
    }
    const deliveries = msg.info.deliveryCount;
    if (deliveries > maxDeliver) return park(msg, `exceeded ${maxDeliver} deliveries`, envelope.id);
    try {
      await handler.handle(envelope.data, envelope);
      msg.ack();
      metrics?.handled.inc({ subject: handler.subject, outcome: 'acked' });
    } catch (err) {
      if (deliveries >= maxDeliver) return park(msg, (err as Error)?.message ?? String(err), envelope.id);
      const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (deliveries - 1));
      if (err instanceof RetryLaterError) logger.debug({ envelopeId: envelope.id, delay, reason: err.message }, 'event not applicable yet');
      else logger.warn({ err, envelopeId: envelope.id, deliveries, delay }, 'event handler failed; will retry');
      msg.nak(delay);
      metrics?.handled.inc({ subject: handler.subject, outcome: 'retried' });
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
          // Buffered messages after stop go straight back, instead of waiting out their ack wait.
          if (stopped) msg.nak();
          else await process(msg);
        }
      } catch (err) {
        if (stopped) break;
        failures++;
        logger.warn({ err, failures }, 'consumer failed; re-establishing');
      }
      if (!stopped) await sleep(Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
    }
  })();

  return {
    durable,
    async stop() {
      stopped = true;
      await current?.close();
      await loop;
    },
  };
}
