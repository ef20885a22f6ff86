'use server';

import { payOrder } from '@/lib/api';
import type { PaymentOutcome } from '@/lib/api/types';
import { problemsOf } from '@/lib/forms';

/**
 * Pays the buyer's order with a payment method: a Stripe PaymentMethod id made in the browser, or one
 * of the sandbox's test cards. The payments service checks that the order is the buyer's and payable.
 */
export async function payForOrder(orderId: string, paymentMethodId: string): Promise<PaymentOutcome> {
  if (typeof orderId !== 'string' || typeof paymentMethodId !== 'string' || !paymentMethodId) {
    return { outcome: 'failed', message: 'Choose how to pay.' };
  }
  try {
    return await payOrder(orderId, paymentMethodId);
  } catch (err) {
    return { outcome: 'failed', message: problemsOf(err).map((p) => p.message).join(' ') };
  }
}
