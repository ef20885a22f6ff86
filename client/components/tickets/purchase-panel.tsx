'use client';

import { useActionState } from 'react';
import type { TicketStatus } from '@/lib/api/types';
import { formatMoney, type Money } from '@/lib/money';
import { useRefreshWhile } from '../orders/use-refresh-while';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import type { PurchaseState } from './actions';

interface PurchasePanelProps {
  /** `purchaseTicket` bound to the ticket. */
  action: (previous: PurchaseState) => Promise<PurchaseState>;
  /** What the buyer will be charged: the price with the service fee. */
  total: Money;
  status: TicketStatus;
}

const INITIAL: PurchaseState = { error: null, refused: false };

/** Why the ticket went while the visitor looked at it, once the page shows where it stands now. */
function lostRace(status: TicketStatus): string | null {
  switch (status) {
    case 'held':
      return 'Another buyer reserved this ticket moments before you. If they do not pay in time, it goes back on sale: check again in a few minutes.';
    case 'sold':
      return 'Another buyer bought this ticket moments before you.';
    case 'not-listed':
      return 'Its holder took this ticket off sale moments before you.';
    case 'checked-in':
      return 'This ticket was checked in at the door moments ago.';
    case 'listed':
      return null;
  }
}

const UNAVAILABLE: Record<Exclude<TicketStatus, 'listed'>, string> = {
  held: 'Someone is buying this ticket right now. If they do not pay in time, it is listed again: check again in a few minutes.',
  'not-listed': 'This ticket is not for sale right now.',
  'checked-in': 'This ticket has been used at the door.',
  sold: 'This ticket has been sold.',
};

/**
 * What a signed-in buyer (not the seller, not the holder) can do with a ticket: buy it while it is
 * listed. Rendered for every status, so that when a purchase loses the race to another buyer this stays
 * the same component across the page's refresh and keeps the explanation. Tickets hears of the other
 * order over the event bus, so the page refreshes until it shows the ticket held.
 */
export function PurchasePanel({ action, total, status }: PurchasePanelProps) {
  const [state, formAction] = useActionState(action, INITIAL);
  const waitingForTickets = state.refused && status === 'listed';
  useRefreshWhile(waitingForTickets);

  if (status !== 'listed' || state.refused) {
    const explanation = state.refused ? (lostRace(status) ?? state.error) : null;
    return (
      <div className="purchase">
        <FormAlert message={explanation} />
        {!state.refused && status !== 'listed' && <p>{UNAVAILABLE[status]}</p>}
      </div>
    );
  }
  return (
    <form action={formAction} className="purchase">
      <FormAlert message={state.error} />
      <SubmitButton pendingLabel="Reserving your ticket…">Purchase for {formatMoney(total)}</SubmitButton>
      <p className="muted">The ticket is held for you while you pay.</p>
    </form>
  );
}
