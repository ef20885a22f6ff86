'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { ApiError } from '@/lib/api/errors';
import { createTicket, placeOrder, updateTicket, type TicketInput } from '@/lib/api';
import { formStateFromProblems, problemsOf, textField, type FormState } from '@/lib/forms';

const TICKET_FIELDS = ['title', 'price'] as const;
export type TicketFormState = FormState<(typeof TICKET_FIELDS)[number]>;

const ticketInput = (formData: FormData): TicketInput => ({ title: textField(formData, 'title'), price: textField(formData, 'price') });

/** Lists a ticket for sale and shows its page. */
export async function sellTicket(_previous: TicketFormState, formData: FormData): Promise<TicketFormState> {
  const input = ticketInput(formData);
  let ticketId: string;
  try {
    ticketId = (await createTicket(input)).id;
  } catch (err) {
    return formStateFromProblems(problemsOf(err), TICKET_FIELDS, input);
  }
  redirect(`/tickets/${ticketId}`);
}

/** Changes the title and price of the seller's ticket, allowed while no order holds it. */
export async function editTicket(ticketId: string, _previous: TicketFormState, formData: FormData): Promise<TicketFormState> {
  const input = ticketInput(formData);
  try {
    await updateTicket(ticketId, input);
  } catch (err) {
    return formStateFromProblems(problemsOf(err), TICKET_FIELDS, input);
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
    // Orders learns of a new ticket over the event bus, a moment after it is listed.
    if (err instanceof ApiError && err.status === 404) {
      return { error: 'This ticket was listed moments ago and cannot be ordered just yet. Try again in a few seconds.', refused: false };
    }
    const error = problemsOf(err).map((p) => p.message).join(' ');
    if (err instanceof ApiError && err.status === 409) {
      // Another buyer got there first: the page the visitor is on is out of date, so render it afresh.
      refresh();
      return { error, refused: true };
    }
    return { error, refused: false };
  }
  redirect(`/orders/${orderId}`);
}
