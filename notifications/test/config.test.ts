import { ConfigError } from '@ticketing/common';
import { loadNotificationsConfig } from '../src/config';
import { messageIdFor } from '../src/mail/mailer';

const JWT_KEY = 'k'.repeat(32);

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadNotificationsConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('notifications configuration', () => {
  it('when only JWT_KEY is given, then notices stay in the app: no mail settings, the documented defaults', () => {
    expect(loadNotificationsConfig({ JWT_KEY })).toMatchObject({
      SMTP_URL: undefined,
      MAIL_FROM: undefined,
      PUBLIC_URL: undefined,
      PAYMENT_CURRENCY: 'usd',
      MAIL_RETRY_BASE_MS: 1000,
      MAIL_RETRY_MAX_MS: 300_000,
      MAIL_WORK_INTERVAL_MS: 1000,
      MAIL_TIMEOUT_MS: 10_000,
    });
  });

  it('when SMTP_URL is set, then MAIL_FROM and PUBLIC_URL are required, each named with why', () => {
    expect(problemsOf({ JWT_KEY, SMTP_URL: 'smtp://mail.example.com:587' })).toEqual([
      expect.stringMatching(/^MAIL_FROM is required when SMTP_URL is set/),
      expect.stringMatching(/^PUBLIC_URL is required when SMTP_URL is set/),
    ]);
  });

  it.each(['smtp://user:secret@mail.example.com:587?requireTLS=true', 'smtps://mail.example.com:465'])('when SMTP_URL is %s with a sender and origin, then it loads', (url) => {
    const config = loadNotificationsConfig({ JWT_KEY, SMTP_URL: url, MAIL_FROM: 'Ticketing <tickets@example.com>', PUBLIC_URL: 'https://tickets.example.com' });
    expect(config.SMTP_URL).toBe(url);
  });

  it('when SMTP_URL is not an smtp URL, then it is refused, its password never shown', () => {
    const problems = problemsOf({ JWT_KEY, SMTP_URL: 'https://user:hunter22@mail.example.com', MAIL_FROM: 'a@b.c', PUBLIC_URL: 'https://x.example' });
    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL must be a smtp or smtps URL/)]);
    expect(problems.join()).not.toContain('hunter22');
  });
});

describe('Message-ID', () => {
  it.each([
    ['Ticketing <tickets@example.com>', '<n-1@example.com>'],
    ['tickets@mail.example.org', '<n-1@mail.example.org>'],
  ])('when the sender is %s, then ids are in its domain: %s', (from, id) => {
    expect(messageIdFor(from)('n-1')).toBe(id);
  });
});
