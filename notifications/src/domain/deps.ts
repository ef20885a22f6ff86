import type { Db, Logger } from '@ticketing/common';
import type { NotificationsSchema } from '../db/schema';
import type { NoticeKind } from './vocabulary';

/** What the use cases work with; tests pass their own database, clock and mail setting. */
export interface NotificationsDeps {
  db: Db<NotificationsSchema>;
  now: () => Date;
  /** The platform currency, in which every order's cents are. */
  currency: string;
  /** Set when notices are e-mailed too: each new notice then enters the send log. */
  mail?: { messageIdOf: (noticeId: string) => string };
  logger: Logger;
  /** Told of each notice newly recorded, once its transaction has committed: for the metrics. */
  onNoticeRecorded?: (kind: NoticeKind) => void;
}
