import type { Db } from '@ticketing/common';
import type { TicketsSchema } from '../db/schema';
import type { CheckInVerdict, CheckInWindow } from './check-in';
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
  /** Told of each check-in's verdict once it is settled (an admission once committed), for the metrics. */
  onCheckIn?: (verdict: CheckInVerdict) => void;
}
