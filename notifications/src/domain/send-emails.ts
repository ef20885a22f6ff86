import type { Db, Logger } from '@ticketing/common';
import { claimDueEmails, postponeEmail, recordEmailRefused, recordEmailSent } from '../db/emails';
import { findUserEmail } from '../db/replicas';
import type { EmailRow, NoticeRow, NotificationsSchema } from '../db/schema';
import { MailRefusedError, type Mailer } from '../mail/mailer';
import { renderEmail } from './email';

export interface EmailSending {
  db: Db<NotificationsSchema>;
  mailer: Mailer;
  now: () => Date;
  /** The web app's origin, for the links. */
  publicUrl: string;
  /** The first wait after a failed send; it doubles with each failure, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Longer than a send can take: an e-mail claimed this long ago by a sender that died is taken again. */
  leaseMs: number;
  logger: Logger;
  /** Called with what became of each e-mail tried, for the metrics. */
  onOutcome?: (outcome: 'sent' | 'failed' | 'refused') => void;
}

/** How many e-mails one claim takes; the pool sends a few at once. */
const BATCH = 10;

const backoff = ({ retryDelayMs, maxRetryDelayMs }: EmailSending, attempts: number) => Math.min(maxRetryDelayMs, retryDelayMs * 2 ** attempts);

/**
 * Sends the e-mails that are due, until none is. A send the server did not take (down, slow, "try
 * later") is tried again after a growing wait, for as long as it takes: an e-mail is never given up
 * on for an outage. Only a permanent refusal ends it, recorded with the server's answer. A recipient
 * whose address has not arrived yet is waited for the same way.
 */
export async function sendDueEmails(sending: EmailSending): Promise<number> {
  let handled = 0;
  for (;;) {
    const claimed = await claimDueEmails(sending.db, sending.now(), sending.leaseMs, BATCH);
    await Promise.all(claimed.map(({ email, notice }) => sendOne(sending, email, notice)));
    handled += claimed.length;
    if (claimed.length < BATCH) return handled;
  }
}

async function sendOne(sending: EmailSending, email: EmailRow, notice: NoticeRow): Promise<void> {
  const { db, mailer, now, logger } = sending;
  const log = logger.child({ noticeId: notice.id, kind: notice.kind, attempt: email.attempts + 1 });
  const to = await findUserEmail(db, notice.recipientId);
  if (!to) {
    await postponeEmail(db, email, null, "the recipient's address is not known yet (no user.created)", new Date(now().getTime() + backoff(sending, email.attempts)));
    log.warn('e-mail waits for the address of its recipient');
    return;
  }
  try {
    await mailer.send({ to, messageId: email.messageId, ...renderEmail(notice, sending.publicUrl) });
  } catch (err) {
    if (err instanceof MailRefusedError) {
      await recordEmailRefused(db, notice.id, to, err.response);
      sending.onOutcome?.('refused');
      log.error({ response: err.response }, 'the mail server refused the e-mail for good');
      return;
    }
    const retryIn = backoff(sending, email.attempts);
    await postponeEmail(db, email, to, (err as Error).message, new Date(now().getTime() + retryIn));
    sending.onOutcome?.('failed');
    log.warn({ err, retryIn }, 'e-mail not sent; will retry');
    return;
  }
  await recordEmailSent(db, notice.id, to, now());
  sending.onOutcome?.('sent');
  log.info('e-mail sent');
}
