import type { Express } from 'express';
import { createServiceApp, type Logger, type ReadinessCheck, type ServiceMetrics } from '@ticketing/common';
import type { ExpirationConfig } from './config';

export interface ExpirationAppDeps {
  config: ExpirationConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
}

/** Only the shared probes and metrics: expiration has no users and no routes of its own. */
export function createExpirationApp({ config, logger, metrics, readiness }: ExpirationAppDeps): Express {
  return createServiceApp({ logger, metrics, readiness, trustProxy: config.TRUST_PROXY, routes: [] });
}
