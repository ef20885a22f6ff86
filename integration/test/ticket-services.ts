import { createTicketsApp } from '../../tickets/src/app';
import { loadTicketsConfig } from '../../tickets/src/config';
import { migrationsFolder as ticketsMigrations } from '../../tickets/src/db/migrations-folder';
import { schema as ticketsSchema } from '../../tickets/src/db/schema';
import { ticketsEventHandlers } from '../../tickets/src/events/handlers';
import { createOrdersApp } from '../../orders/src/app';
import { loadOrdersConfig } from '../../orders/src/config';
import { migrationsFolder as ordersMigrations } from '../../orders/src/db/migrations-folder';
import { schema as ordersSchema } from '../../orders/src/db/schema';
import { ordersEventHandlers } from '../../orders/src/events/handlers';
import { createPaymentsApp } from '../../payments/src/app';
import { loadPaymentsConfig, paymentTimings, type PaymentsConfig } from '../../payments/src/config';
import { migrationsFolder as paymentsMigrations } from '../../payments/src/db/migrations-folder';
import { schema as paymentsSchema } from '../../payments/src/db/schema';
import type { PaymentsDeps } from '../../payments/src/domain/deps';
import { paymentsEventHandlers } from '../../payments/src/events/handlers';
import { SandboxGateway } from '../../payments/src/gateway/sandbox-gateway';
import { createNotificationsApp } from '../../notifications/src/app';
import { loadNotificationsConfig, type NotificationsConfig } from '../../notifications/src/config';
import { migrationsFolder as notificationsMigrations } from '../../notifications/src/db/migrations-folder';
import { schema as notificationsSchema } from '../../notifications/src/db/schema';
import type { NotificationsDeps } from '../../notifications/src/domain/deps';
import { notificationsEventHandlers } from '../../notifications/src/events/handlers';
import { feeScheduleOf, type Logger } from '@ticketing/common';
import { runService, type RunningService, type SuiteEnv } from './service-harness';

export { notificationsSchema, ordersSchema, paymentsSchema, ticketsSchema };

export type RunningTickets = RunningService<typeof ticketsSchema>;
export type RunningOrders = RunningService<typeof ordersSchema>;
export type RunningPayments = RunningService<typeof paymentsSchema> & { deps: PaymentsDeps };
export type RunningNotifications = RunningService<typeof notificationsSchema>;

export function runTickets(env: SuiteEnv): Promise<RunningTickets> {
  return runService({
    name: 'tickets',
    env,
    loadConfig: loadTicketsConfig,
    schema: ticketsSchema,
    migrationsFolder: ticketsMigrations,
    handlers: ticketsEventHandlers,
    buildApp: createTicketsApp,
  });
}

export function runOrders(env: SuiteEnv): Promise<RunningOrders> {
  return runService({
    name: 'orders',
    env,
    loadConfig: loadOrdersConfig,
    schema: ordersSchema,
    migrationsFolder: ordersMigrations,
    handlers: (db, logger) => ordersEventHandlers(db, logger),
    buildApp: createOrdersApp,
  });
}

/** Payments as its index.ts runs it, on the sandbox gateway (no Stripe keys); its worker is the test's to start. */
export async function runPayments(env: SuiteEnv): Promise<RunningPayments> {
  let deps: PaymentsDeps | undefined;
  const depsOf = (db: PaymentsDeps['db'], logger: Logger, config: PaymentsConfig): PaymentsDeps =>
    (deps ??= (() => {
      const gateway = new SandboxGateway(config.PAYMENT_CURRENCY);
      return { db, gateway, payoutGateway: gateway, fees: feeScheduleOf(config), now: () => new Date(), timings: paymentTimings(config), currency: config.PAYMENT_CURRENCY, logger };
    })());
  const running = await runService({
    name: 'payments',
    env,
    loadConfig: loadPaymentsConfig,
    schema: paymentsSchema,
    migrationsFolder: paymentsMigrations,
    handlers: (db, logger, config) => paymentsEventHandlers(depsOf(db, logger, config)),
    buildApp: ({ config, db, logger, metrics, readiness, informational }) => createPaymentsApp({ config, payments: depsOf(db, logger, config), metrics, readiness, informational }),
  });
  return { ...running, deps: deps! };
}

/** Notifications as its index.ts runs it without SMTP_URL: notices in the app, no e-mail. */
export function runNotifications(env: SuiteEnv): Promise<RunningNotifications> {
  const depsOf = (db: NotificationsDeps['db'], logger: Logger, config: NotificationsConfig): NotificationsDeps => ({
    db,
    now: () => new Date(),
    currency: config.PAYMENT_CURRENCY,
    logger,
  });
  return runService({
    name: 'notifications',
    env,
    loadConfig: loadNotificationsConfig,
    schema: notificationsSchema,
    migrationsFolder: notificationsMigrations,
    publishes: false,
    handlers: (db, logger, config) => notificationsEventHandlers(depsOf(db, logger, config)),
    buildApp: ({ config, db, logger, metrics, readiness, informational }) => createNotificationsApp({ config, notifications: depsOf(db, logger, config), metrics, readiness, informational }),
  });
}
