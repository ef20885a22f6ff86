import Link from 'next/link';
import type { Event, Order, Ticket, User } from '@/lib/api/types';
import type { Credential } from '@/lib/credential';
import { formatDateTime, formatVenueTime } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { signInPath } from '@/lib/return-path';
import { listTicketAction, purchaseTicket, withdrawTicketAction } from './actions';
import { PayoutNudge } from '../payouts/payout-nudge';
import { DoorCode } from './door-code';
import { ListingForm, WithdrawForm } from './listing-form';
import { describePlace } from './place';
import { PurchasePanel } from './purchase-panel';
import { TicketStatusBadge } from './ticket-status';

interface TicketDetailsProps {
  ticket: Ticket;
  /** Null for a ticket listed before events existed. */
  event: Event | null;
  viewer: User | null;
  /** The viewer's own order holding this ticket, if it is theirs. */
  viewerOrder: Order | null;
  /** The entry code, when the viewer holds the ticket and it has one. */
  credential: Credential | null;
  now: Date;
}

export function TicketDetails(props: TicketDetailsProps) {
  const { ticket, event } = props;
  // What buying it costs is shown only while it can be bought.
  const quote = ticket.status === 'listed' ? ticket.quote : null;
  return (
    <article className="card ticket-details">
      <div className="ticket-details-head">
        <h1>{event?.name ?? ticket.title}</h1>
        <TicketStatusBadge status={ticket.status} />
      </div>
      <dl className="facts">
        {event && (
          <>
            <div>
              <dt>When</dt>
              <dd>
                <time dateTime={event.startsAt.toISOString()}>{formatVenueTime(event.startsAt, event.timeZone)}</time>
              </dd>
            </div>
            <div>
              <dt>Where</dt>
              <dd>
                <Link href={`/events/${event.id}`}>
                  {event.venue}, {event.city}
                </Link>
              </dd>
            </div>
            <div>
              <dt>Seat</dt>
              <dd>{describePlace(ticket.place)}</dd>
            </div>
          </>
        )}
        {ticket.faceValue && (
          <div>
            <dt>Face value</dt>
            <dd>{formatMoney(ticket.faceValue)}</dd>
          </div>
        )}
        <div>
          <dt>Price</dt>
          <dd className={quote ? undefined : 'price'}>{formatMoney(ticket.price)}</dd>
        </div>
        {quote && (
          <>
            <div>
              <dt>Service fee</dt>
              <dd>{formatMoney(quote.fee)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd className="price">{formatMoney(quote.total)}</dd>
            </div>
          </>
        )}
      </dl>
      <TicketNextStep {...props} />
    </article>
  );
}

/** What the holder can do with their ticket, which depends on where it stands. */
function HolderNextStep(props: TicketDetailsProps) {
  const { ticket, credential } = props;
  return (
    <>
      {credential && (
        <div className="next-step">
          <DoorCode credential={credential} label={`${ticket.title}, ${describePlace(ticket.place)}`} />
        </div>
      )}
      <HolderListing {...props} />
    </>
  );
}

/** The holder's listing of the ticket: what they can change of it, and when they cannot. */
function HolderListing({ ticket, event, now }: TicketDetailsProps) {
  const salesClosed = !event || event.startsAt.getTime() <= now.getTime();
  switch (ticket.status) {
    case 'checked-in':
      return <p className="next-step">You used this ticket at the door{ticket.checkedInAt ? ` (${formatDateTime(ticket.checkedInAt)})` : ''}.</p>;
    case 'held':
      return <p className="next-step">A buyer is paying for this ticket now, so its listing cannot change. If they do not pay in time, it is listed again.</p>;
    case 'sold':
      return <p className="next-step">You sold this ticket.</p>;
    case 'listed':
    case 'not-listed': {
      if (!event || !ticket.listingLimits) return <p className="next-step">This ticket was listed before events existed, so it can no longer be sold here.</p>;
      if (salesClosed) return <p className="next-step">This event has started, so its tickets can no longer be sold.</p>;
      const listed = ticket.status === 'listed';
      return (
        <div className="next-step holder-actions">
          <p>{listed ? 'You are selling this ticket.' : 'You hold this ticket. It is not for sale: list it to sell it.'}</p>
          <PayoutNudge />
          <ListingForm action={listTicketAction.bind(null, ticket.id)} price={ticket.price} faceValue={ticket.faceValue} limits={ticket.listingLimits} listed={listed} />
          {listed && <WithdrawForm action={withdrawTicketAction.bind(null, ticket.id)} />}
        </div>
      );
    }
  }
}

/** What the viewer can do with the ticket, which depends on who they are and where the ticket stands. */
function TicketNextStep(props: TicketDetailsProps) {
  const { ticket, event, viewer, viewerOrder, now } = props;
  if (viewer?.id === ticket.holderId) return <HolderNextStep {...props} />;
  if (viewerOrder) {
    return (
      <div className="next-step">
        <p>{viewerOrder.status === 'complete' ? 'You bought this ticket.' : 'This ticket is held for you.'}</p>
        <Link href={`/orders/${viewerOrder.id}`} className="button button-primary">
          {viewerOrder.status === 'complete' ? 'View your order' : 'Go to your order to pay'}
        </Link>
      </div>
    );
  }
  if (ticket.status === 'listed' && (!event || event.startsAt.getTime() <= now.getTime())) {
    return <p className="next-step">Sales for this event have closed: it has started.</p>;
  }
  if (viewer) {
    return (
      <div className="next-step">
        <PurchasePanel action={purchaseTicket.bind(null, ticket.id)} total={ticket.quote?.total ?? ticket.price} status={ticket.status} />
      </div>
    );
  }
  switch (ticket.status) {
    case 'listed':
      return (
        <div className="next-step">
          <Link href={signInPath(`/tickets/${ticket.id}`)} className="button button-primary">
            Sign in to buy
          </Link>
        </div>
      );
    case 'held':
      return <p className="next-step">Someone is buying this ticket right now. If they do not pay in time, it is listed again: check again in a few minutes.</p>;
    case 'not-listed':
      return <p className="next-step">This ticket is not for sale right now.</p>;
    case 'checked-in':
      return <p className="next-step">This ticket has been used at the door.</p>;
    case 'sold':
      return <p className="next-step">This ticket has been sold.</p>;
  }
}
