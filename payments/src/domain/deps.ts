import type { Db, FeeSchedule, Logger } from '@ticketing/common';
import type { PaymentsSchema } from '../db/schema';
import type { PaymentGateway } from '../gateway/payment-gateway';
import type { PayoutGateway } from '../gateway/payout-gateway';
import type { PaymentTimings } from './payment';
import type { ChargeOutcome } from './vocabulary';

/**
 * What the payment use cases run on; tests pass their own clock and gateway. The `on…` callbacks,
 * for the metrics, are told of a change once its transaction has committed; a replay or a
 * redelivery that changes nothing tells nothing.
 */
export interface PaymentsDeps {
  db: Db<PaymentsSchema>;
  gateway: PaymentGateway;
  /** Where sellers are paid: the same Stripe (or sandbox) as the gateway. */
  payoutGateway: PayoutGateway;
  /** The seller's fee is taken from here when a payout is recorded. */
  fees: FeeSchedule;
  now: () => Date;
  timings: PaymentTimings;
  /** The platform currency every amount is charged in. */
  currency: string;
  logger: Logger;
  /** Each answer to a charge attempt recorded; one that needed 3-D Secure is told again once that is settled. */
  onChargeAnswered?: (outcome: ChargeOutcome) => void;
  /** Each charge given back. */
  onRefundRecorded?: () => void;
  /** Each payout transferred to its seller. */
  onPayoutSent?: () => void;
}
