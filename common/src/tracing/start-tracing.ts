import type { Closer } from '../http/start-server';

/**
 * OpenTelemetry for one service, configured by the standard OTEL_* variables: spans go over OTLP
 * to OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) with the protocol
 * OTEL_EXPORTER_OTLP_PROTOCOL names (`http/protobuf` by default, or `http/json`), and W3C trace
 * context is propagated. Only traces: metrics are Prometheus's, logs stdout's. Off when no endpoint
 * is set or OTEL_SDK_DISABLED is true. Returns what shuts it down, to close last so that the spans
 * of the shutdown itself are sent: one closer that flushes the buffered spans, or none when off.
 *
 * It must run before express, pg or ioredis is first loaded, for its instrumentations to hook
 * them: each service imports its src/tracing.ts first, and this module loads nothing of those.
 * The SDK is required only when tracing is on: loading it costs each process about 30 MiB and
 * a second of start-up, which a suite that sends no spans should not pay.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Closer[] {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return [];
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return [];
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || service,
    // Traces only: metrics are scraped from /metrics (Prometheus) and logs go to stdout as JSON.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // Probes and scrapes are not requests anybody follows.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)(\?|$)/.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  return [{ name: 'tracing', close: () => sdk.shutdown() }];
}
