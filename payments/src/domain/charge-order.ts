import { ConflictError, NotFoundError } from '@ticketing/common';
import { lockOrder } from '../db/orders';
import { findPaymentOfOrder, startAttempt, updatePayment } from '../db/payments';
import type { Order, Payment } from '../db/schema';
import { ChargeAmountError, type ConfirmResult } from '../gateway/payment-gateway';
import { applyClose, closeIfDue } from './close-order';
import type { PaymentsDeps } from './deps';
import { assertOwnedBy, assertPayable, decideClose, idempotencyKeys } from './payment';
import { runPaymentWork } from './payment-work';
import { completeOrder } from './payout';
import type { ChargeOutcome } from './vocabulary';

export type ChargeResult =
  | { outcome: 'succeeded'; payment: Payment }
  /** Not settled yet: 3-D Secure to finish in the browser, or Stripe still processing. */
  | { outcome: 'pending'; payment: Payment; clientSecret: string | null; nextAction: Record<string, unknown> | null }
  | { outcome: 'declined' | 'invalid-payment-method'; message: string };

/** Stripe's answer to one confirmation, with the intent it was for. */
export interface StripeAnswer {
  intentId: string;
  result: ConfirmResult;
}

/** Asks Stripe to charge the attempt: the order's one intent (created on the first attempt), confirmed with the attempt's card. */
export async function confirmAtStripe(deps: PaymentsDeps, order: Order, attempt: Payment): Promise<StripeAnswer> {
  const intentId = attempt.stripeId ?? (await deps.gateway.ensureIntent(order, idempotencyKeys.intent(order.id))).id;
  const paymentMethodId = attempt.paymentMethodId!;
  const result = await deps.gateway.confirm(intentId, paymentMethodId, idempotencyKeys.confirm(order.id, paymentMethodId));
  return { intentId, result };
}

const sameAttempt = (a: Payment, b: Payment) =>
  b.status === 'confirming' && a.paymentMethodId === b.paymentMethodId && a.attemptStartedAt?.getTime() === b.attemptStartedAt?.getTime();

function resultOf(answer: StripeAnswer, payment: Payment): ChargeResult {
  const { result } = answer;
  if (result.outcome !== 'confirmed') return { outcome: result.outcome, message: result.message };
  if (result.intent.status === 'succeeded') return { outcome: 'succeeded', payment };
  if (result.intent.status === 'requires_action' || result.intent.status === 'processing') {
    return { outcome: 'pending', payment, clientSecret: result.intent.clientSecret, nextAction: result.intent.nextAction };
  }
  return { outcome: 'declined', message: 'The payment was not completed' };
}

/** How the metrics count Stripe's answer; none while it is still processing: the webhook brings that outcome. */
function chargeOutcomeOf(result: ConfirmResult): ChargeOutcome | undefined {
  if (result.outcome === 'declined') return 'declined';
  if (result.outcome === 'invalid-payment-method') return 'failed';
  switch (result.intent.status) {
    case 'succeeded':
      return 'succeeded';
    case 'requires_action':
      return 'requires_action';
    case 'processing':
      return undefined;
    case 'requires_payment_method':
    case 'canceled':
      return 'failed';
  }
}

/**
 * Records Stripe's answer to an attempt. A success is final, whatever the clock says now: the charge
 * started inside the hold. A failure frees the order for another card, or closes it if its hold ran
 * out or its buyer asked to cancel while Stripe was deciding. If the attempt was recorded already (a
 * replay raced the request), the answer is only reported.
 */
export async function recordChargeOutcome(deps: PaymentsDeps, attempt: Payment, answer: StripeAnswer): Promise<ChargeResult> {
  const { recorded, workDue, answered } = await deps.db.transaction(async (tx) => {
    const order = (await lockOrder(tx, attempt.orderId))!;
    const payment = (await findPaymentOfOrder(tx, attempt.orderId))!;
    if (!sameAttempt(attempt, payment)) return { recorded: resultOf(answer, payment), workDue: undefined, answered: undefined };
    const answered = chargeOutcomeOf(answer.result);
    const { intentId, result } = answer;
    if (result.outcome === 'confirmed' && result.intent.status === 'succeeded') {
      const succeeded = await completeOrder(tx, deps, order, payment, { intentId, chargeId: result.intent.chargeId });
      return { recorded: resultOf(answer, succeeded), workDue: undefined, answered };
    }
    const status = result.outcome === 'confirmed' ? result.intent.status : 'requires_payment_method';
    const updated = await updatePayment(tx, payment, { status: status === 'canceled' ? 'requires_payment_method' : status, stripeId: intentId });
    if (status === 'requires_action' || status === 'processing') {
      // Still under way: only a cancellation the buyer asked for meanwhile closes it now.
      const decision = order.cancelRequestedAt ? decideClose(order, updated, 'cancelled', deps.now(), deps.timings) : undefined;
      const due = decision?.kind === 'close' ? await applyClose(tx, order, updated, 'cancelled', decision.cancelIntent, deps.now()) : undefined;
      return { recorded: resultOf(answer, updated), workDue: due, answered };
    }
    return { recorded: resultOf(answer, updated), workDue: await closeIfDue(tx, deps, order, updated), answered };
  });
  if (answered) deps.onChargeAnswered?.(answered);
  if (workDue) await runPaymentWork(deps, workDue);
  return recorded;
}

/** An attempt Stripe refused before charging (an amount it cannot take): the order is as it was. */
export async function releaseAttempt(deps: PaymentsDeps, attempt: Payment): Promise<void> {
  const { released, workDue } = await deps.db.transaction(async (tx) => {
    const order = (await lockOrder(tx, attempt.orderId))!;
    const payment = (await findPaymentOfOrder(tx, attempt.orderId))!;
    if (!sameAttempt(attempt, payment)) return { released: false, workDue: undefined };
    const freed = await updatePayment(tx, payment, { status: 'requires_payment_method' });
    return { released: true, workDue: await closeIfDue(tx, deps, order, freed) };
  });
  if (released) deps.onChargeAnswered?.('failed');
  if (workDue) await runPaymentWork(deps, workDue);
}

/**
 * The buyer pays their order with a card. The attempt is recorded under the order's lock, Stripe is
 * asked with no lock held, and its answer recorded under the lock again; meanwhile an expiry or a
 * cancellation of the order waits for that answer (see decideClose). If Stripe does not answer, the
 * attempt stays under way and is replayed with the same idempotency keys until it does.
 */
export async function chargeOrder(deps: PaymentsDeps, request: { buyerId: string; orderId: string; paymentMethodId: string }): Promise<ChargeResult> {
  const { db, now, timings } = deps;
  const { order, attempt } = await db.transaction(async (tx) => {
    const found = await lockOrder(tx, request.orderId);
    if (!found) throw new NotFoundError('Order not found');
    assertOwnedBy(found, request.buyerId);
    const existing = await findPaymentOfOrder(tx, found.id);
    const at = now();
    assertPayable(found, existing, at);
    const started = await startAttempt(tx, found, existing, {
      paymentMethodId: request.paymentMethodId,
      currency: deps.currency,
      at,
      replayAt: new Date(at.getTime() + timings.staleAttemptMs),
    });
    return { order: found, attempt: started };
  });
  let answer: StripeAnswer;
  try {
    answer = await confirmAtStripe(deps, order, attempt);
  } catch (err) {
    if (!(err instanceof ChargeAmountError)) throw err;
    await releaseAttempt(deps, attempt);
    throw new ConflictError(`This order's amount cannot be charged: ${err.message}`);
  }
  return recordChargeOutcome(deps, attempt, answer);
}
