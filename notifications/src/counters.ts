import { Counter, type Registry } from 'prom-client';
import type { NotificationsDeps } from './domain/deps';
import type { EmailSending } from './domain/send-emails';
import type { NoticeKind } from './domain/vocabulary';

/** The notifications counters for the metrics, behind the callbacks the use cases tell. Each replica counts what it did. */
export function notificationsCounters(registry: Registry): Required<Pick<NotificationsDeps, 'onNoticeRecorded'>> & { onEmailOutcome: Required<EmailSending>['onOutcome'] } {
  const registers = [registry];
  const notices = new Counter({ name: 'notifications_notices_total', help: 'Notices recorded, by kind: each recipient told once of each event', labelNames: ['kind'] as const, registers });
  const emailsTried = new Counter({
    name: 'notifications_emails_total',
    help: 'E-mails tried, by outcome: sent, failed (retried later) or refused for good by the mail server',
    labelNames: ['outcome'] as const,
    registers,
  });
  return {
    onNoticeRecorded: (kind: NoticeKind) => notices.inc({ kind }),
    onEmailOutcome: (outcome) => emailsTried.inc({ outcome }),
  };
}
