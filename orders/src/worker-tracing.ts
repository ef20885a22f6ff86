import { startTracing } from '@ticketing/common/tracing';
import { WORKER } from './names';

/** The worker's spans, under its own name; worker.ts imports this module first, as index.ts does tracing.ts. */
export const tracingClosers = startTracing(WORKER);
