import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { Bus } from '../bus/bus';
import { registerConsumerLag } from '../bus/consumer-lag';
import { startListener, type EventHandler, type RunningListener } from '../bus/listener';
import type { ConfigOf } from '../config/config';
import type { busEnv } from '../bus/bus';
import type { listenerEnv } from '../bus/listener';
import type { Database } from '../db/database';
import type { Closer } from '../http/start-server';
import type { Subject } from '../events/catalogue';
import { OutboxRelay, type outboxEnv } from '../outbox/relay';

export interface EventRuntimeOptions {
  service: string;
  /**
   * A service without an outbox (no database) has no retention to set, and one that consumes
   * nothing (auth) no listener settings.
   */
  config: ConfigOf<typeof busEnv> & Partial<ConfigOf<typeof listenerEnv & typeof outboxEnv>>;
  /** The database whose outbox the relay publishes; a service without one publishes directly. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  database?: Database<any>;
  /** False for a service that only consumes (notifications): its database has no outbox to relay. */
  publishes?: boolean;
  logger: Logger;
  registry: Registry;
  /** One per subject the service consumes. */
  handlers: EventHandler<Subject>[];
  /** Tests shorten the redelivery delays. */
  retryDelayMs?: number;
}

export interface EventRuntime {
  bus: Bus;
  relay?: OutboxRelay;
  listeners: RunningListener[];
  /**
   * Shutdown in dependency order, after HTTP has drained: stop consuming, flush the outbox,
   * then drain the bus connection.
   */
  closers: Closer[];
}

/** Connects a service to the bus: the outbox relay that publishes for it, its listeners, and the gauge of their backlog. */
export async function startEventRuntime(options: EventRuntimeOptions): Promise<EventRuntime> {
  const { service, config, database, logger, registry } = options;
  const bus = await Bus.connect({
    servers: config.NATS_URL,
    stream: config.NATS_STREAM,
    subjectPrefix: config.NATS_SUBJECT_PREFIX,
    replicas: config.NATS_STREAM_REPLICAS,
    name: service,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    logger,
  });
  const retentionHours = config.OUTBOX_RETENTION_HOURS;
  const relay =
    database && options.publishes !== false
      ? new OutboxRelay({ database, bus, logger, registry, retentionMs: retentionHours === undefined ? undefined : retentionHours * 3600 * 1000 })
      : undefined;
  await relay?.start();
  const listeners = options.handlers.map((handler) =>
    startListener(handler, {
      bus,
      service,
      logger,
      registry,
      maxDeliver: config.EVENT_MAX_DELIVER,
      ackWaitMs: config.EVENT_ACK_WAIT_MS,
      handlerTimeoutMs: config.EVENT_HANDLER_TIMEOUT_MS,
      retryDelayMs: options.retryDelayMs,
      // A consumer whose database is down waits for it rather than failing event after event.
      probe: database?.ping,
    }),
  );
  if (listeners.length > 0) registerConsumerLag({ bus, registry, durables: listeners.map((listener) => listener.durable) });
  return {
    bus,
    relay,
    listeners,
    closers: [
      { name: 'listeners', close: async () => void (await Promise.all(listeners.map((l) => l.stop()))) },
      ...(relay ? [{ name: 'outbox relay', close: () => relay.stop() }] : []),
      { name: 'bus', close: () => bus.close() },
    ],
  };
}
