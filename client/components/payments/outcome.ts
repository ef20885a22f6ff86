import type { PaymentOutcome } from '@/lib/api/types';

export type OnSettling = (message: string) => void;

/** The API's messages may or may not end with a full stop; sentences built from them need one. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/**
 * Plain words for an attempt's outcome. One that went through (or found the order closed) hands over
 * to the page, which waits for the order to show it; one that can be retried returns the message to
 * show beside the form.
 */
export function settleOrExplain(outcome: Exclude<PaymentOutcome, { outcome: 'requires-action' }>, onSettling: OnSettling): string | null {
  switch (outcome.outcome) {
    case 'paid':
      onSettling('Payment accepted. Completing your order…');
      return null;
    case 'processing':
      onSettling('Your payment is being processed. This page updates when it settles.');
      return null;
    case 'closed':
      onSettling(`${sentence(outcome.message)} Updating the order…`);
      return null;
    case 'declined':
      return `Payment declined: ${sentence(outcome.message)} Try another card.`;
    case 'failed':
      return `Payment failed: ${sentence(outcome.message)}`;
    default: {
      const unhandled: never = outcome;
      throw new Error(`Unhandled payment outcome ${JSON.stringify(unhandled)}`);
    }
  }
}
