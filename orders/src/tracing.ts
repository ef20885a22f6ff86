import { startTracing } from '@ticketing/common/tracing';
import { SERVICE } from './names';

/**
 * Started before anything else loads, so that its instrumentations hook Express, pg and ioredis
 * as they are first required: index.ts imports this module first. Closed last; none when off.
 */
export const tracingClosers = startTracing(SERVICE);
