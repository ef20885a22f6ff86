import { busEnv, currencyEnv, databaseEnv, env, listenerEnv, loadConfig, serviceEnv, sessionEnv, type ConfigOf, type EnvVar } from '@ticketing/common';

/** A setting that only e-mail needs: required once SMTP_URL is set, unused (undefined) without it. */
function requiredForMail<T>(inner: EnvVar<T>, why: string): EnvVar<T | undefined> {
  return {
    parse(raw, source) {
      if (raw !== undefined) return inner.parse(raw, source);
      if (source.SMTP_URL) throw new Error(`is required when SMTP_URL is set (${why})`);
      return undefined;
    },
  };
}

const notificationsEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  // It only consumes: no outbox, so no relay settings.
  ...busEnv,
  ...listenerEnv,
  // Order events carry cents without a currency: every price is in the platform's.
  ...currencyEnv,
  /**
   * The mail server notices are e-mailed through: `smtp://user:pass@host:587` upgrades to TLS when
   * the server offers STARTTLS (add `?requireTLS=true` to refuse a server that does not), and
   * `smtps://…:465` speaks TLS from the start. Unset: notices stay in the app and nothing is e-mailed.
   */
  SMTP_URL: env.optional(env.url({ protocols: ['smtp', 'smtps'] })),
  /** The sender of every e-mail, such as `Ticketing <tickets@example.com>`. */
  MAIL_FROM: requiredForMail(env.string({ hint: 'a sender such as "Ticketing <tickets@example.com>"' }), 'the sender of every e-mail'),
  /** The web app's origin, which the links in e-mails point to. */
  PUBLIC_URL: requiredForMail(env.url({ protocols: ['http', 'https'] }), "the links in e-mails lead to the web app's origin"),
  /** The first wait after a send the mail server did not take; it doubles with each failure, up to the next. */
  MAIL_RETRY_BASE_MS: env.int({ default: 1_000, min: 10 }),
  MAIL_RETRY_MAX_MS: env.int({ default: 5 * 60_000, min: 10 }),
  /** How often the sender looks for e-mail that is due. */
  MAIL_WORK_INTERVAL_MS: env.int({ default: 1_000, min: 10 }),
  /** A mail server that takes longer than this to connect or answer counts as down for this attempt. */
  MAIL_TIMEOUT_MS: env.int({ default: 10_000, min: 100 }),
};

export type NotificationsConfig = ConfigOf<typeof notificationsEnv>;

export function loadNotificationsConfig(source: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadConfig(notificationsEnv, source);
}
