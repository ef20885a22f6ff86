import type { Db, Logger } from '@ticketing/common';
import type { PaymentsSchema } from '../db/schema';
import type { PaymentGateway } from '../gateway/payment-gateway';
import type { PaymentTimings } from './payment';

/** What the payment use cases run on; tests pass their own clock and gateway. */
export interface PaymentsDeps {
  db: Db<PaymentsSchema>;
  gateway: PaymentGateway;
  now: () => Date;
  timings: PaymentTimings;
  /** The platform currency every amount is charged in. */
  currency: string;
  logger: Logger;
}
