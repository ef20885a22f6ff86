import path from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import pino from 'pino';
import {
  Bus,
  OutboxRelay,
  SpanKind,
  activeSpanFields,
  createLogger,
  inSpan,
  openDatabase,
  outbox,
  recordEvent,
  startListener,
  type Database,
  type RunningListener,
} from '../src';
import { createTestDatabase, eventually, testBusNames, type TestDatabase } from '../src/testing';
import { startTracing } from '../src/tracing';
import { uuidFor } from './helpers';

const exporter = new tracing.InMemorySpanExporter();
const sdk = new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)], metricReaders: [], logRecordProcessors: [], instrumentations: [] });
const logger = createLogger({ service: 'tracing-test', level: 'silent' });
const schema = { outbox };
const names = testBusNames('tracing');
let testDb: TestDatabase;
let database: Database<typeof schema>;
let bus: Bus;
let relay: OutboxRelay;
const listeners: RunningListener[] = [];

beforeAll(async () => {
  sdk.start();
  testDb = await createTestDatabase('tracing');
  database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(path.join(__dirname, 'fixtures/outbox-migrations'));
  bus = await Bus.connect({ servers: names.servers, stream: names.stream, subjectPrefix: names.subjectPrefix, name: 'tracing-test', logger });
  relay = new OutboxRelay({ database, bus, logger });
  await relay.start();
});
afterAll(async () => {
  await Promise.all(listeners.map((listener) => listener.stop()));
  await relay.stop();
  await bus.close();
  await names.cleanUp();
  await database.close();
  await testDb.drop();
  await sdk.shutdown();
});

/** The trace id a `traceparent` header names (`00-<trace>-<span>-<flags>`). */
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

describe('a trace across the bus', () => {
  it('when work records an event, then its outbox row keeps the trace, the relay sends it on, and the handler runs and logs in the same trace', async () => {
    const orderId = uuidFor('traced-order');
    const handled: { traceId?: string; parentName?: string }[] = [];
    const lines: string[] = [];
    const handlerLogger = pino({ mixin: activeSpanFields }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    listeners.push(
      startListener(
        {
          subject: 'payment.closed',
          async handle(data) {
            handled.push({ traceId: activeSpanFields().trace_id });
            handlerLogger.info({ orderId: data.orderId }, 'closing');
          },
        },
        { bus, service: 'tracing-test', logger, retryDelayMs: 50 },
      ),
    );

    const rootTraceId = await inSpan('place order', { kind: SpanKind.SERVER }, async (span) => {
      await database.db.transaction((tx) => recordEvent(tx, 'payment.closed', { orderId, reason: 'expired' }));
      return span.spanContext().traceId;
    });

    const [row] = await database.db.select().from(outbox).where(eq(outbox.subject, 'payment.closed'));
    expect(traceIdOf(row!.traceContext?.traceparent)).toBe(rootTraceId);
    await eventually(() => expect(handled).toEqual([{ traceId: rootTraceId }]), { timeoutMs: 15_000 });
    expect(JSON.parse(lines[0]!)).toEqual(expect.objectContaining({ msg: 'closing', trace_id: rootTraceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) }));

    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === rootTraceId);
    const byName = new Map(spans.map((span) => [span.name, span]));
    expect([...byName.keys()].sort()).toEqual(['payment.closed process', 'payment.closed publish', 'place order']);
    const publish = byName.get('payment.closed publish')!;
    const processed = byName.get('payment.closed process')!;
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.parentSpanContext?.spanId).toBe(byName.get('place order')!.spanContext().spanId);
    expect(processed.kind).toBe(SpanKind.CONSUMER);
    expect(processed.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
  });

  it('when an event is recorded outside any trace, then its row keeps no trace', async () => {
    await database.db.transaction((tx) => recordEvent(tx, 'expiration.complete', { orderId: uuidFor('untraced') }));

    const [row] = await database.db.select().from(outbox).where(eq(outbox.subject, 'expiration.complete'));
    expect(row!.traceContext).toBeNull();
  });

  it('when a trace is named for the event, then the row keeps that one rather than the work under way', async () => {
    const purchase = await inSpan('purchase', { kind: SpanKind.SERVER }, async (span) => ({ traceparent: `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01` }));
    const orderId = uuidFor('paid-elsewhere');

    await inSpan('payment request', { kind: SpanKind.SERVER }, () =>
      database.db.transaction((tx) => recordEvent(tx, 'payment.succeeded', { id: uuidFor('payment'), orderId, stripeId: 'pi_1', amount: 100 }, { trace: purchase })),
    );

    const [row] = await database.db.select().from(outbox).where(eq(outbox.subject, 'payment.succeeded'));
    expect(row!.traceContext).toEqual(purchase);
  });
});

describe('startTracing', () => {
  it.each([
    ['no endpoint', {}],
    ['OTEL_SDK_DISABLED', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }],
  ])('when %s, then tracing is off: nothing to close', (_case, env) => {
    expect(startTracing('tickets', env)).toEqual([]);
  });

  /** Whether startTracing, loaded afresh, requires the SDK: a process that sends no spans should not pay for it. */
  function loadsSdk(env: NodeJS.ProcessEnv) {
    let loaded = false;
    let closers: ReturnType<typeof startTracing> = [];
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/sdk-node', () => {
        loaded = true;
        return jest.requireActual('@opentelemetry/sdk-node');
      });
      const { startTracing: fresh } = jest.requireActual<typeof import('../src/tracing')>('../src/tracing');
      closers = fresh('tickets', env);
    });
    jest.dontMock('@opentelemetry/sdk-node');
    return { loaded, closers };
  }

  it('when off, then the SDK is not even loaded', () => {
    expect(loadsSdk({})).toEqual({ loaded: false, closers: [] });
  });

  it('when an endpoint is set, then the SDK is loaded and started, and its closer shuts it down', async () => {
    const { loaded, closers } = loadsSdk({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(loaded).toBe(true);
    expect(closers.map((closer) => closer.name)).toEqual(['tracing']);
    await closers[0]!.close();
  });
});
