'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { ApiError } from '@/lib/api/errors';
import { listTicket, placeOrder, withdrawTicket } from '@/lib/api';
import { formStateFromProblems, problemsOf, textField, type FormState } from '@/lib/forms';

export type ListingFormState = FormState<'price'>;

/** Lists the holder's ticket at the price typed, or changes its price, and shows the ticket afresh. */
export async function listTicketAction(ticketId: string, _previous: ListingFormState, formData: FormData): Promise<ListingFormState> {
  const values = { price: textField(formData, 'price') };
  try {
    await listTicket(ticketId, values.price);
  } catch (err) {
    return formStateFromProblems(problemsOf(err), ['price'], values);
  }
  redirect(`/tickets/${ticketId}`);
}

export interface WithdrawState {
  error: string | null;
}

/** Takes the holder's ticket off sale; it keeps its price for a later listing. */
export async function withdrawTicketAction(ticketId: string, _previous: WithdrawState): Promise<WithdrawState> {
  try {
    await withdrawTicket(ticketId);
  } catch (err) {
    return { error: problemsOf(err).map((p) => p.message).join(' ') };
  }
  redirect(`/tickets/${ticketId}`);
}

export interface PurchaseState {
  error: string | null;
  /** Orders refused because another order holds the ticket, or it cannot be ordered at all (409). */
  refused: boolean;
}

/** Orders the ticket, which holds it for the buyer, and goes to the order to pay. */
export async function purchaseTicket(ticketId: string, _previous: PurchaseState): Promise<PurchaseState> {
  let orderId: string;
  try {
    orderId = (await placeOrder(ticketId)).id;
  } catch (err) {
    // Orders learns of a new ticket over the event bus, a moment after it is issued.
    if (err instanceof ApiError && err.status === 404) {
      return { error: 'This ticket was listed moments ago and cannot be ordered just yet. Try again in a few seconds.', refused: false };
    }
    const error = problemsOf(err).map((p) => p.message).join(' ');
    if (err instanceof ApiError && err.status === 409) {
      // Another buyer got there first, or the listing changed: the page is out of date, so render it afresh.
      refresh();
      return { error, refused: true };
    }
    return { error, refused: false };
  }
  redirect(`/orders/${orderId}`);
}
