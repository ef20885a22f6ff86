import { randomUUID } from 'node:crypto';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { inSpan, SpanKind } from '@ticketing/common';
import { eventually } from '@ticketing/common/testing';
import { startExpirationTestContext, type ExpirationTestContext } from './expiration-test-app';

const exporter = new tracing.InMemorySpanExporter();
const sdk = new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)], metricReaders: [], logRecordProcessors: [], instrumentations: [] });

let ctx: ExpirationTestContext;
beforeAll(async () => {
  sdk.start();
  ctx = await startExpirationTestContext('tracing');
});
afterEach(() => ctx.stopAll());
afterAll(async () => {
  await ctx.close();
  await sdk.shutdown();
});

describe('the timer keeps the trace of its order', () => {
  it('when an order sets a timer in a trace, then the timer keeps it, and its expiration.complete is published in that trace', async () => {
    await ctx.startInstance();
    const timers = ctx.openTimers();
    const orderId = randomUUID();

    const traceId = await inSpan('order.created process', { kind: SpanKind.CONSUMER }, async (span) => {
      await timers.schedule({ id: orderId, expiresAt: new Date(Date.now() - 1000).toISOString() });
      return span.spanContext().traceId;
    });

    const job = await ctx.queue.getJob(orderId);
    expect(job?.data.traceContext?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    await eventually(async () => expect(await ctx.expirations(orderId)).toHaveLength(1));
    await eventually(() => {
      const published = exporter.getFinishedSpans().find((span) => span.name === 'expiration.complete publish');
      expect(published?.spanContext().traceId).toBe(traceId);
      expect(published?.kind).toBe(SpanKind.PRODUCER);
    });
  });
});
