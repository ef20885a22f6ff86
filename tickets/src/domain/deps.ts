import type { Db } from '@ticketing/common';
import type { TicketsSchema } from '../db/schema';
import type { CheckInWindow } from './check-in';
import type { CredentialKeys } from './credential';
import type { PricingPolicy } from './pricing';

/** What the use cases run on; tests pass their own clock. */
export interface TicketsDeps {
  db: Db<TicketsSchema>;
  now: () => Date;
  pricing: PricingPolicy;
  /** The keys that sign credentials, the first signing, and verify scanned codes. */
  credentials: CredentialKeys;
  checkInWindow: CheckInWindow;
}
