import { connect, headers, nanos, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
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
import { env, type EnvVar } from '../config/config';
import { ServiceUnavailableError } from '../errors/http-errors';
import type { AnyEnvelope, Subject } from '../events/catalogue';
import type { TraceCarrier } from '../tracing/trace-context';

const OWN_USER = 'each service connects as its own NATS user, allowed only its own subjects';

/**
 * An optional credential that comes with `partner`: one without the other is a mistake. Its value is
 * never part of a message, since it may be the password.
 */
function credential(hint: string, partner: string): EnvVar<string | undefined> {
  const value = env.optional(env.string({ hint }), { requiredInProduction: OWN_USER });
  return {
    parse(raw, source) {
      const parsed = value.parse(raw, source);
      if (parsed === undefined && source[partner]) throw new Error(`is required when ${partner} is set (${hint})`);
      return parsed;
    },
  };
}

/**
 * Where the bus is, how it is named, and who this process is on it; tests give each run its own
 * stream and subject prefix. Without NATS_USER (outside production) the connection has no user, for
 * a NATS server without authorization.
 */
export const busEnv = {
  NATS_URL: env.url({ default: 'nats://127.0.0.1:4222', protocols: ['nats', 'tls'] }),
  NATS_STREAM: env.string({ default: 'TICKETING', hint: 'the JetStream stream holding every event' }),
  NATS_SUBJECT_PREFIX: env.string({ default: 'ticketing', hint: 'prefix of every event subject' }),
  // At most five: NATS keeps no more copies of a stream (StreamMaxReplicas).
  NATS_STREAM_REPLICAS: env.int({
    default: 1,
    min: 1,
    max: 5,
    hint: 'how many NATS servers keep a copy of the stream: 1 for one server, 3 for a three-node cluster',
  }),
  NATS_USER: credential('the NATS user this process connects as', 'NATS_PASSWORD'),
  NATS_PASSWORD: credential("the NATS user's password", 'NATS_USER'),
};

export interface BusOptions {
  /** A NATS URL, or several separated by commas. */
  servers: string;
  stream: string;
  subjectPrefix: string;
  /** How many servers keep a copy of the stream (NATS_STREAM_REPLICAS); 1 when unset. */
  replicas?: number;
  /** Names the connection in the server's monitoring (the service name). */
  name: string;
  /** The NATS user and its password; neither for a server without authorization. */
  user?: string;
  pass?: string;
  logger: Logger;
  /** How long a publish waits for the stream's acknowledgement. */
  publishTimeoutMs?: number;
}

/** Under this prefix a user's replies arrive; no user may subscribe to another's (see bus/permissions.ts). */
export const inboxPrefixFor = (user: string) => `_INBOX.${user}`;

export const deadLetterSubject = (subjectPrefix: string, subject: string) => `${subjectPrefix}.deadletter.${subject}`;

/** The stream as this process configures it. */
type OwnStreamConfig = Partial<StreamConfig> & { name: string; num_replicas: number };

const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_BYTES = 1024 ** 3;

/** Thrown at once by a publish while the connection is down, instead of waiting out its timeout. */
export class BusUnavailableError extends ServiceUnavailableError {
  constructor() {
    super('The event bus is unreachable; the event stays in the outbox');
  }
}

/**
 * The connection to NATS JetStream: owns the stream, publishes envelopes, and hands listeners their
 * consumers. It reconnects forever with backoff; while it is disconnected `ping` and `publish` fail
 * at once, and whoever waits for it is told when it is back (`onReconnect`).
 */
export class Bus {
  private connected = true;
  private readonly reconnectListeners = new Set<() => void>();

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
      user: options.user,
      pass: options.pass,
      // Replies come to inboxes under the user's own prefix, the only subjects it may subscribe to.
      inboxPrefix: options.user === undefined ? undefined : inboxPrefixFor(options.user),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      reconnectJitter: 500,
      waitOnFirstConnect: true,
    });
    const bus = new Bus(nc, jetstream(nc), await jetstreamManager(nc), options);
    void bus.watchConnection();
    try {
      await bus.ensureStream();
    } catch (err) {
      // A process refused its stream (NATS_STREAM_REPLICAS above what NATS takes) does not start:
      // nothing is left connected behind the error.
      await nc.close();
      throw err;
    }
    return bus;
  }

  private async watchConnection() {
    const { logger } = this.options;
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        logger.warn('bus connection lost');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        logger.info('bus reconnected');
        for (const listener of this.reconnectListeners) listener();
      } else if (status.type === 'error') {
        logger.error({ err: status.error }, 'bus error');
      }
    }
  }

  /** Whether the connection is up right now. */
  get isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** Calls `listener` each time the connection comes back; returns a function that stops it. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  get stream(): string {
    return this.options.stream;
  }

  subjectFor(subject: Subject): string {
    return `${this.options.subjectPrefix}.${subject}`;
  }

  /** Where a message that keeps failing is parked, kept in the stream for inspection and replay. */
  deadLetterSubjectFor(subject: string): string {
    return deadLetterSubject(this.options.subjectPrefix, subject);
  }

  private streamConfig(): OwnStreamConfig {
    return {
      name: this.options.stream,
      subjects: [`${this.options.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(MAX_AGE_MS),
      max_bytes: MAX_BYTES,
      num_replicas: this.options.replicas ?? 1,
    };
  }

  /**
   * Creates the stream, or brings an existing one to this configuration. Every replica may call it.
   * A stream that cannot be created with the replicas asked for (a single server refuses more than
   * one, a cluster more than it has servers) fails the start: it would otherwise run with fewer
   * copies than the deployment says.
   */
  async ensureStream(): Promise<void> {
    const config = this.streamConfig();
    let replicas: number;
    try {
      replicas = (await this.jsm.streams.info(config.name)).config.num_replicas;
    } catch (err) {
      if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
      try {
        await this.jsm.streams.add(config);
      } catch (addErr) {
        // Another replica created it between our lookup and our add.
        if (addErr instanceof JetStreamApiError && /already in use/i.test(addErr.message)) return;
        if (config.num_replicas === 1) throw addErr;
        throw new Error(`NATS cannot create the stream ${config.name} with ${config.num_replicas} replicas (NATS_STREAM_REPLICAS): ${(addErr as Error).message}`, {
          cause: addErr,
        });
      }
      return;
    }
    await this.updateStream(config, replicas);
  }

  /**
   * The replica count of an existing stream only goes up here. Lowering it is left to an operator
   * (`nats stream edit --replicas`): a process still on the old value during the rollout that raises
   * it, or `events:replay` run without the variable, would otherwise take copies away unasked. A
   * raise NATS refuses (a cluster short of servers) leaves the stream as it is, serving, with a
   * warning: the events still flow, with the copies they had.
   */
  private async updateStream(config: OwnStreamConfig, replicas: number): Promise<void> {
    const { logger } = this.options;
    const keep = () => this.jsm.streams.update(config.name, { ...config, num_replicas: replicas });
    const context = { stream: config.name, replicas, NATS_STREAM_REPLICAS: config.num_replicas };
    if (config.num_replicas < replicas) {
      logger.warn(context, 'stream replicas kept: NATS_STREAM_REPLICAS is lower, and only an operator lowers them');
      await keep();
      return;
    }
    try {
      await this.jsm.streams.update(config.name, config);
    } catch (err) {
      if (config.num_replicas === replicas || !(err instanceof JetStreamApiError)) throw err;
      logger.warn({ ...context, err }, 'stream replicas kept: NATS refused the count NATS_STREAM_REPLICAS asks for');
      await keep();
    }
  }

  /**
   * Resolves once the stream has stored the event; `duplicate` when it already had this id. The
   * trace context, when given, travels in the message's headers (`traceparent`, `tracestate`).
   */
  async publish(envelope: AnyEnvelope, traceContext?: TraceCarrier | null): Promise<{ duplicate: boolean }> {
    // While disconnected the client would buffer the message and wait out the whole timeout for an
    // acknowledgement that cannot come.
    if (!this.isConnected) throw new BusUnavailableError();
    let traceHeaders: MsgHdrs | undefined;
    if (traceContext) {
      traceHeaders = headers();
      for (const [name, value] of Object.entries(traceContext)) traceHeaders.set(name, value);
    }
    const ack = await this.js.publish(this.subjectFor(envelope.subject), JSON.stringify(envelope), {
      msgID: envelope.id,
      timeout: this.options.publishTimeoutMs ?? 5000,
      headers: traceHeaders,
    });
    return { duplicate: ack.duplicate };
  }

  /** Resolves when the server answers a round trip: the readiness check. */
  async ping(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('bus connection closed');
    if (!this.connected) throw new Error('bus disconnected; reconnecting');
    await this.nc.flush();
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
