import { SERVICE, tracingClosers } from './tracing';
import { createLogger, createMetrics, openServiceDatabase, runMain, startEventRuntime, startPeriodicTask, startServer, type Closer } from '@ticketing/common';
import { createNotificationsApp } from './app';
import { loadNotificationsConfig, type NotificationsConfig } from './config';
import { notificationsCounters } from './counters';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';
import type { NotificationsDeps } from './domain/deps';
import { sendDueEmails } from './domain/send-emails';
import { notificationsEventHandlers } from './events/handlers';
import { messageIdFor } from './mail/mailer';
import { createSmtpMailer } from './mail/smtp-mailer';

/** SMTP_URL makes MAIL_FROM and PUBLIC_URL required, which the config has checked. */
function mailSettings(config: NotificationsConfig) {
  const { SMTP_URL: url, MAIL_FROM: from, PUBLIC_URL: publicUrl } = config;
  return url && from && publicUrl ? { url, from, publicUrl } : undefined;
}

async function main() {
  const config = loadNotificationsConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const counters = notificationsCounters(metrics.registry);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });
  const mail = mailSettings(config);
  const notifications: NotificationsDeps = {
    db: database.db,
    now: () => new Date(),
    currency: config.PAYMENT_CURRENCY,
    mail: mail && { messageIdOf: messageIdFor(mail.from) },
    logger,
    onNoticeRecorded: counters.onNoticeRecorded,
  };

  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database: database.background,
    publishes: false,
    logger,
    registry: metrics.registry,
    handlers: notificationsEventHandlers({ ...notifications, db: database.background.db }),
  });

  const mailClosers: Closer[] = [];
  if (mail) {
    const mailer = createSmtpMailer({ url: mail.url, from: mail.from, timeoutMs: config.MAIL_TIMEOUT_MS });
    const sender = startPeriodicTask({
      name: 'e-mail sender',
      intervalMs: config.MAIL_WORK_INTERVAL_MS,
      logger,
      run: () =>
        sendDueEmails({
          db: database.background.db,
          mailer,
          now: () => new Date(),
          publicUrl: mail.publicUrl,
          retryDelayMs: config.MAIL_RETRY_BASE_MS,
          maxRetryDelayMs: config.MAIL_RETRY_MAX_MS,
          leaseMs: 3 * config.MAIL_TIMEOUT_MS + 5_000,
          logger,
          onOutcome: counters.onEmailOutcome,
        }),
    });
    mailClosers.push(sender, { name: 'mail server connections', close: async () => mailer.close() });
    logger.info({ from: mail.from }, 'notices are e-mailed');
  } else {
    logger.info('SMTP_URL is not set: notices stay in the app');
  }

  const app = createNotificationsApp({
    config,
    notifications,
    metrics,
    readiness: { database: database.ping },
    informational: { bus: () => events.bus.ping() },
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [...mailClosers, ...events.closers, { name: 'database', close: database.close }, ...tracingClosers],
  });
}

runMain(SERVICE, main);
