import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ReadinessCheck, type ServiceMetrics } from '@ticketing/common';
import type { NotificationsConfig } from './config';
import type { NotificationsDeps } from './domain/deps';
import { listNotificationsRouter } from './routes/list-notifications';
import { markReadRouter } from './routes/mark-read';

export interface NotificationsAppDeps {
  config: NotificationsConfig;
  notifications: NotificationsDeps;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  informational?: Record<string, ReadinessCheck>;
}

export function createNotificationsApp({ config, notifications, metrics, readiness, informational }: NotificationsAppDeps): Express {
  return createServiceApp({
    logger: notifications.logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [listNotificationsRouter(notifications), markReadRouter(notifications)],
  });
}
