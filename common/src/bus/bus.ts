import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { env } from '../config/config';
import type { AnyEnvelope, Subject } from '../events/catalogue';

/** Where the bus is and how it is named; tests give each run its own stream and subject prefix. */
export const busEnv = {
  NATS_URL: env.url({ default: 'nats://127.0.0.1:4222', protocols: ['nats', 'tls'] }),
  NATS_STREAM: env.string({ default: 'TICKETING', hint: 'the JetStream stream holding every event' }),
  NATS_SUBJECT_PREFIX: env.string({ default: 'ticketing', hint: 'prefix of every event subject' }),
};

export interface BusOptions {
  /** A NATS URL, or several separated by commas. */
  servers: string;
  stream: string;
  subjectPrefix: string;
  /** Names the connection in the server's monitoring (the service name). */
  name: string;
  logger: Logger;
  /** How long a publish waits for the stream's acknowledgement. */
  publishTimeoutMs?: number;
}

const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_BYTES = 1024 ** 3;

/**
 * The connection to NATS JetStream: owns the stream, publishes envelopes, and hands listeners their
 * consumers. It reconnects forever with backoff; `ping` fails while it is disconnected.
 */
export class Bus {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly options: BusOptions,
  ) {}

  static async connect(options: BusOptions): Promise<Bus> {
    const nc = await connect({
      servers: options.servers.split(',').map((s) => s.trim()),
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      reconnectJitter: 500,
      waitOnFirstConnect: true,
    });
    const { logger } = options;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnecting') logger.warn({ status: status.type }, 'bus connection lost');
        else if (status.type === 'reconnect') logger.info('bus reconnected');
        else if (status.type === 'error') logger.error({ err: status.error }, 'bus error');
      }
    })();
    const bus = new Bus(nc, jetstream(nc), await jetstreamManager(nc), options);
    await bus.ensureStream();
    return bus;
  }

  get stream(): string {
    return this.options.stream;
  }

  subjectFor(subject: Subject): string {
    return `${this.options.subjectPrefix}.${subject}`;
  }

  /** Where a message that keeps failing is parked, kept in the stream for inspection and replay. */
  deadLetterSubjectFor(subject: string): string {
    return `${this.options.subjectPrefix}.deadletter.${subject}`;
  }

  private streamConfig(): Partial<StreamConfig> & { name: string } {
    return {
      name: this.options.stream,
      subjects: [`${this.options.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(MAX_AGE_MS),
      max_bytes: MAX_BYTES,
      num_replicas: 1,
    };
  }

  /** Creates the stream, or brings an existing one to this configuration. Every replica may call it. */
  async ensureStream(): Promise<void> {
    const config = this.streamConfig();
    try {
      await this.jsm.streams.info(config.name);
      await this.jsm.streams.update(config.name, config);
    } catch (err) {
      if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
      try {
        await this.jsm.streams.add(config);
      } catch (addErr) {
        // Another replica created it between our lookup and our add.
        if (!(addErr instanceof JetStreamApiError) || !/already in use/i.test(addErr.message)) throw addErr;
      }
    }
  }

  /** Resolves once the stream has stored the event; `duplicate` when it already had this id. */
  async publish(envelope: AnyEnvelope): Promise<{ duplicate: boolean }> {
    const ack = await this.js.publish(this.subjectFor(envelope.subject), JSON.stringify(envelope), {
      msgID: envelope.id,
      timeout: this.options.publishTimeoutMs ?? 5000,
    });
    return { duplicate: ack.duplicate };
  }

  /** Resolves when the server answers a round trip: the readiness check. */
  async ping(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('bus connection closed');
    await this.nc.flush();
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
