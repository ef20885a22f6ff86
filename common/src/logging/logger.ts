import pino, { type Logger, type LevelWithSilent } from 'pino';
import { activeSpanFields } from '../tracing/trace-context';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
}

/**
 * JSON logs on stdout, one line each, tagged with the service, with secrets redacted. A line written
 * inside a traced request or event handler carries its `trace_id` and `span_id`.
 */
export function createLogger({ service, level = 'info' }: LoggerOptions): Logger {
  return pino({
    level,
    base: { service },
    mixin: activeSpanFields,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        'password',
      ],
      censor: '[redacted]',
    },
  });
}
