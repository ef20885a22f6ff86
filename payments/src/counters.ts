import { Counter, type Registry } from 'prom-client';
import type { PaymentsDeps } from './domain/deps';
import type { ChargeOutcome } from './domain/vocabulary';

/**
 * The payment counters for the metrics, behind the callbacks the use cases tell once their
 * transaction has committed. Each replica counts what it did; Prometheus sums them.
 */
export function paymentsCounters(registry: Registry): Required<Pick<PaymentsDeps, 'onChargeAnswered' | 'onRefundRecorded' | 'onPayoutSent'>> {
  const registers = [registry];
  const charges = new Counter({
    name: 'payments_total',
    help: 'Answers to charge attempts, by outcome: succeeded, declined, requires_action (3-D Secure; told again once settled) or failed',
    labelNames: ['outcome'] as const,
    registers,
  });
  const refunds = new Counter({ name: 'refunds_total', help: 'Charges given back because their order closed before they succeeded', registers });
  const payouts = new Counter({ name: 'payouts_sent_total', help: "Sellers' proceeds transferred to their payout account", registers });
  return {
    onChargeAnswered: (outcome: ChargeOutcome) => charges.inc({ outcome }),
    onRefundRecorded: () => refunds.inc(),
    onPayoutSent: () => payouts.inc(),
  };
}
