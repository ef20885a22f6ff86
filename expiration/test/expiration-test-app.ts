import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { Queue } from 'bullmq';
import {
  Bus,
  createLogger,
  createMetrics,
  startEventRuntime,
  type AnyEnvelope,
  type Envelope,
  type EventCatalogue,
  type EventRuntime,
  type Logger,
  type ServiceMetrics,
  type Subject,
} from '@ticketing/common';
import { eventually, testBusNames, type TestBusNames } from '@ticketing/common/testing';
import { createExpirationApp } from '../src/app';
import { loadExpirationConfig, type ExpirationConfig } from '../src/config';
import { expirationEventHandlers } from '../src/events/handlers';
import { ExpirationTimers, type ExpirationJobData, type ExpirationTimersOptions } from '../src/timer/expiration-timers';

/** One running expiration service, composed as src/index.ts does, minus the HTTP server. */
export interface ExpirationInstance {
  timers: ExpirationTimers;
  events: EventRuntime;
  metrics: ServiceMetrics;
  app: Express;
  /** Shuts down in the order src/index.ts does. */
  stop(): Promise<void>;
}

export interface ExpirationTestContext {
  config: ExpirationConfig;
  logger: Logger;
  names: TestBusNames;
  /** The test's own connection to the stream: it publishes what orders would and reads what expiration did. */
  bus: Bus;
  /** The test's own handle on the timer queue, to look at jobs whatever instance made them. */
  queue: Queue<ExpirationJobData>;
  startInstance(): Promise<ExpirationInstance>;
  /** Timers of their own, outside any instance, without a worker until the test starts one. */
  openTimers(options?: Pick<ExpirationTimersOptions, 'now' | 'retryDelayMs'>): ExpirationTimers;
  publish<S extends Subject>(subject: S, data: EventCatalogue[S]): Promise<void>;
  /** The expiration.complete events stored in the stream for one order, with when each was stored. */
  expirations(orderId: string): Promise<{ envelope: Envelope<'expiration.complete'>; storedAt: Date }[]>;
  /** Stops every instance and timers opened so far, so no worker of an earlier test fires a later one's job. */
  stopAll(): Promise<void>;
  close(): Promise<void>;
}

/** A stream and a timer queue of the file's own on the real NATS and Redis servers. */
export async function startExpirationTestContext(label: string): Promise<ExpirationTestContext> {
  const names = testBusNames(label);
  const config = loadExpirationConfig({
    NODE_ENV: 'test',
    NATS_URL: names.servers,
    NATS_STREAM: names.stream,
    NATS_SUBJECT_PREFIX: names.subjectPrefix,
    REDIS_URL: process.env.REDIS_URL,
    EXPIRATION_QUEUE: `expiration-${label}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
  });
  const logger = createLogger({ service: 'expiration', level: 'silent' });
  const bus = await Bus.connect({ servers: names.servers, stream: names.stream, subjectPrefix: names.subjectPrefix, name: 'expiration-test', logger });
  const queue = new Queue<ExpirationJobData>(config.EXPIRATION_QUEUE, { connection: { url: config.REDIS_URL } });
  const instances = new Set<ExpirationInstance>();
  const looseTimers = new Set<ExpirationTimers>();

  // Each with a registry of its own, as each process of the service has.
  const open = (metrics: ServiceMetrics, options: Pick<ExpirationTimersOptions, 'now' | 'retryDelayMs'>) =>
    ExpirationTimers.open({ redisUrl: config.REDIS_URL, queueName: config.EXPIRATION_QUEUE, logger, registry: metrics.registry, ...options });
  const openTimers: ExpirationTestContext['openTimers'] = (options = {}) => {
    const timers = open(createMetrics('expiration'), options);
    looseTimers.add(timers);
    return timers;
  };

  async function stopAll() {
    await Promise.all([...instances].map((instance) => instance.stop()));
    await Promise.all([...looseTimers].map((timers) => timers.close()));
    looseTimers.clear();
  }

  return {
    config,
    logger,
    names,
    bus,
    queue,
    openTimers,
    async startInstance() {
      const metrics = createMetrics('expiration');
      const timers = open(metrics, {});
      const events = await startEventRuntime({
        service: 'expiration',
        config,
        logger,
        registry: metrics.registry,
        handlers: expirationEventHandlers(timers),
        retryDelayMs: 50,
      });
      timers.startFiring(events.bus);
      // A listener stopped before its pull is in place never stops (common's startListener misses
      // the stop while it sets up its consumer), so an instance counts as started once every
      // listener has a pull waiting on the server.
      await eventually(async () => {
        for (const { durable } of events.listeners) expect((await bus.jsm.consumers.info(names.stream, durable)).num_waiting).toBeGreaterThan(0);
      });
      const app = createExpirationApp({ config, logger, metrics, informational: { redis: () => timers.ping(), bus: () => events.bus.ping() } });
      let stopping: Promise<void> | undefined;
      const instance: ExpirationInstance = {
        timers,
        events,
        metrics,
        app,
        stop() {
          stopping ??= (async () => {
            await timers.stopFiring();
            for (const closer of events.closers) await closer.close();
            await timers.close();
            instances.delete(instance);
          })();
          return stopping;
        },
      };
      instances.add(instance);
      return instance;
    },
    async publish(subject, data) {
      const envelope = { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data } as AnyEnvelope;
      await bus.publish(envelope);
    },
    async expirations(orderId) {
      const subject = bus.subjectFor('expiration.complete');
      const info = await bus.jsm.streams.info(names.stream, { subjects_filter: subject });
      const stored = info.state.subjects?.[subject] ?? 0;
      if (stored === 0) return [];
      const consumer = await bus.js.consumers.get(names.stream, { filter_subjects: subject });
      const found: { envelope: Envelope<'expiration.complete'>; storedAt: Date }[] = [];
      let read = 0;
      for await (const msg of await consumer.fetch({ max_messages: stored })) {
        const envelope = msg.json<Envelope<'expiration.complete'>>();
        if (envelope.data.orderId === orderId) found.push({ envelope, storedAt: msg.time });
        if (++read === stored) break;
      }
      await consumer.delete();
      return found;
    },
    stopAll,
    async close() {
      await stopAll();
      await queue.obliterate({ force: true });
      await queue.close();
      await bus.close();
      await names.cleanUp();
    },
  };
}
