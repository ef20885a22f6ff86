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
  price: Money;
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
    case 'on-sale':
      return null;
  }
}

/**
 * What a signed-in buyer (not the seller, not the holder) can do with a ticket: buy it while it is on
 * sale. Rendered for every status, so that when a purchase loses the race to another buyer this stays
 * the same component across the page's refresh and keeps the explanation. Tickets hears of the other
 * order over the event bus, so the page refreshes until it shows the ticket held.
 */
export function PurchasePanel({ action, price, status }: PurchasePanelProps) {
  const [state, formAction] = useActionState(action, INITIAL);
  const waitingForTickets = state.refused && status === 'on-sale';
  useRefreshWhile(waitingForTickets);

  if (status !== 'on-sale' || state.refused) {
    const explanation = state.refused ? (lostRace(status) ?? state.error) : null;
    return (
      <div className="purchase">
        <FormAlert message={explanation} />
        {!state.refused && (
          <p>
            {status === 'held'
              ? 'Someone is buying this ticket right now. If they do not pay in time, it goes back on sale: check again in a few minutes.'
              : 'This ticket has been sold.'}
          </p>
        )}
      </div>
    );
  }
  return (
    <form action={formAction} className="purchase">
      <FormAlert message={state.error} />
      <SubmitButton pendingLabel="Reserving your ticket…">Purchase for {formatMoney(price)}</SubmitButton>
      <p className="muted">The ticket is held for you while you pay.</p>
    </form>
  );
}
