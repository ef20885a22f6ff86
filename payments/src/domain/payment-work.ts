import { isUnavailableError } from '@ticketing/common';
import { lockOrder } from '../db/orders';
import { claimDueWork, claimWorkOf, findPaymentOfOrder, postponeWork, recordRefund, updatePayment } from '../db/payments';
import type { Payment } from '../db/schema';
import { ChargeAmountError } from '../gateway/payment-gateway';
import { confirmAtStripe, recordChargeOutcome, releaseAttempt } from './charge-order';
import type { PaymentsDeps } from './deps';
import { idempotencyKeys } from './payment';
import { refundReasonFor } from './vocabulary';

/** While one replica works on a payment, the others leave it alone this long. */
const WORK_LEASE_MS = 60_000;
const MAX_WORK_RETRY_DELAY_MS = 60_000;

const retryDelay = (attempts: number) => Math.min(MAX_WORK_RETRY_DELAY_MS, 1000 * 2 ** attempts);

/**
 * Does at Stripe what a payment's status calls for, with no lock held, then records the outcome:
 * replays a charge whose answer was never recorded, cancels the intent of a closed order, gives back
 * a charge that succeeded after its order closed. Every call carries the same idempotency key each
 * time, so doing it twice does it once. Stripe being unavailable only postpones it.
 */
async function performWork(deps: PaymentsDeps, payment: Payment): Promise<void> {
  const { db, gateway, logger } = deps;
  try {
    switch (payment.status) {
      case 'confirming': {
        const order = (await db.transaction((tx) => lockOrder(tx, payment.orderId)))!;
        try {
          await recordChargeOutcome(deps, payment, await confirmAtStripe(deps, order, payment));
        } catch (err) {
          if (!(err instanceof ChargeAmountError)) throw err;
          await releaseAttempt(deps, payment);
        }
        return;
      }
      case 'canceling': {
        const { outcome } = await gateway.cancelIntent(payment.stripeId!, idempotencyKeys.cancel(payment.orderId));
        if (outcome === 'processing') throw new StillProcessingError();
        const refundDue = await db.transaction(async (tx) => {
          const order = (await lockOrder(tx, payment.orderId))!;
          const current = (await findPaymentOfOrder(tx, payment.orderId))!;
          if (current.status !== 'canceling') return false;
          if (outcome === 'canceled') {
            await updatePayment(tx, current, { status: 'canceled' });
            return false;
          }
          // It was charged before it could be cancelled: the order stays closed, the charge goes back.
          logger.warn({ orderId: order.id, intentId: current.stripeId }, 'payment of a closed order succeeded before it was cancelled; refunding');
          await updatePayment(tx, current, { status: 'refunding', refundReason: refundReasonFor(order.closeReason ?? 'cancelled'), workDueAt: deps.now() });
          return true;
        });
        if (refundDue) {
          // Charged all the same, as the webhook would have told had it come first: a success, then a refund.
          deps.onChargeAnswered?.('succeeded');
          await runPaymentWork(deps, payment.id);
        }
        return;
      }
      case 'refunding': {
        const refund = await gateway.refund(payment.stripeId!, idempotencyKeys.refund(payment.orderId));
        const refunded = await db.transaction(async (tx) => {
          await lockOrder(tx, payment.orderId);
          const current = (await findPaymentOfOrder(tx, payment.orderId))!;
          if (current.status !== 'refunding') return false;
          await recordRefund(tx, current, refund.id);
          return true;
        });
        if (refunded) deps.onRefundRecorded?.();
        return;
      }
      default:
        // Nothing to do at Stripe in this status any more (another replica finished it).
        await db.transaction(async (tx) => {
          await lockOrder(tx, payment.orderId);
          const current = (await findPaymentOfOrder(tx, payment.orderId))!;
          await updatePayment(tx, current, { status: current.status });
        });
    }
  } catch (err) {
    const waitingForStripe = isUnavailableError(err) || err instanceof StillProcessingError;
    const delay = retryDelay(payment.workAttempts);
    if (waitingForStripe) logger.warn({ err, paymentId: payment.id, status: payment.status, delay }, 'payment work postponed: Stripe cannot settle it yet');
    else logger.error({ err, paymentId: payment.id, status: payment.status, delay }, 'payment work failed; will retry');
    // Never dropped: postponed, whatever failed. A database that is down postpones nothing, and then
    // the lease on the claim brings it back.
    await db.transaction((tx) => postponeWork(tx, payment, new Date(deps.now().getTime() + delay))).catch(() => undefined);
  }
}

/** An intent Stripe is still processing cannot be cancelled; it is asked again later. */
class StillProcessingError extends Error {
  constructor() {
    super('the intent is still processing');
    this.name = 'StillProcessingError';
  }
}

/** Runs one payment's due work now, unless another replica holds it. */
export async function runPaymentWork(deps: PaymentsDeps, paymentId: string): Promise<void> {
  const claimed = await deps.db.transaction((tx) => claimWorkOf(tx, paymentId, deps.now(), WORK_LEASE_MS));
  if (claimed) await performWork(deps, claimed);
}

/** Runs every payment's work that is due; resolves to how many it took on. */
export async function runDueWork(deps: PaymentsDeps, batchSize = 20): Promise<number> {
  const due = await deps.db.transaction((tx) => claimDueWork(tx, deps.now(), WORK_LEASE_MS, batchSize));
  for (const payment of due) await performWork(deps, payment);
  return due.length;
}
