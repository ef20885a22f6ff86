import type { Express } from 'express';
import { createServiceApp, type Logger, type ReadinessCheck, type ServiceMetrics } from '@ticketing/common';
import type { ExpirationConfig } from './config';

export interface ExpirationAppDeps {
  config: ExpirationConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Expiration serves no API: Redis and the bus are reported, and never take it out of service. */
  informational: Record<string, ReadinessCheck>;
}

/** Only the shared probes and metrics: expiration has no users and no routes of its own. */
export function createExpirationApp({ config, logger, metrics, informational }: ExpirationAppDeps): Express {
  return createServiceApp({ logger, metrics, readiness: {}, informational, trustProxy: config.TRUST_PROXY, routes: [] });
}
