'use server';

import { refresh } from 'next/cache';
import { cancelOrder } from '@/lib/api';
import { problemsOf } from '@/lib/forms';

export interface CancelState {
  error: string | null;
}

/** Gives up the buyer's order: it is cancelled, and its ticket back on sale, as soon as payments confirms no charge started. */
export async function cancelMyOrder(orderId: string, _previous: CancelState): Promise<CancelState> {
  try {
    await cancelOrder(orderId);
  } catch (err) {
    return { error: problemsOf(err).map((p) => p.message).join(' ') };
  }
  refresh();
  return { error: null };
}
