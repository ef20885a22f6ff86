import Link from 'next/link';
import type { Event, Payout, Payouts } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { EmptyState } from '../ui/empty-state';
import { ConnectPayoutsForm } from './connect-payouts-form';

const STATE_LABELS: Record<string, string> = { pending: 'Pending', sent: 'Sent', reversed: 'Reversed' };

/** Why a payout waits, in the seller's words. */
const REASONS: Record<string, string> = {
  'no-account': 'Waiting for you to connect payouts',
  'onboarding-incomplete': 'Waiting for Stripe to finish setting up your account',
};

function whereItStands(payout: Payout): string {
  if (payout.state === 'sent') return payout.sentAt ? `Sent ${formatDateTime(payout.sentAt)}` : 'Sent';
  if (payout.state === 'pending') return payout.reason ? (REASONS[payout.reason] ?? payout.reason) : 'On its way to your account';
  return STATE_LABELS[payout.state] ?? payout.state;
}

/** The seller's account, what is owed and paid, and each payout. */
export function PayoutSummary({ summary, events }: { summary: Payouts; events: Map<string, Event> }) {
  const { account } = summary;
  return (
    <div className="listing-sections">
      <section aria-labelledby="payout-account" className="card payout-account">
        <h2 id="payout-account">Payout account</h2>
        {account.state === 'enabled' && <p>Connected: what you sell is paid to your account.</p>}
        {account.state === 'none' && (
          <>
            <p>Connect a payout account to be paid for what you sell. Until then your proceeds wait here.</p>
            <ConnectPayoutsForm label="Connect payouts" />
          </>
        )}
        {account.state === 'onboarding' && (
          <>
            <p>Stripe still needs {account.requirements.length > 0 ? account.requirements.join(', ').replaceAll('_', ' ') : 'a few details'} before it pays you.</p>
            <ConnectPayoutsForm label="Continue setup" />
          </>
        )}
      </section>
      <dl className="facts balance">
        <div>
          <dt>Pending</dt>
          <dd className="price">{formatMoney(summary.pending)}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd className="price">{formatMoney(summary.paid)}</dd>
        </div>
      </dl>
      <section aria-labelledby="payouts-heading">
        <h2 id="payouts-heading">
          Payouts <span className="count">({summary.payouts.length})</span>
        </h2>
        {summary.payouts.length === 0 ? (
          <EmptyState title="No payouts yet: each ticket you sell is paid out here, less the seller fee." />
        ) : (
          <ul className="rows">
            {summary.payouts.map((payout) => {
              const event = payout.eventId ? events.get(payout.eventId) : undefined;
              return (
                <li key={payout.id} className="row">
                  {event ? (
                    <Link href={`/events/${event.id}`} className="row-title">
                      {event.name}
                    </Link>
                  ) : (
                    <span className="row-title">A ticket sold</span>
                  )}
                  <span className={`badge badge-payout-${payout.state}`}>{STATE_LABELS[payout.state] ?? payout.state}</span>
                  <span className="row-price">{formatMoney(payout.amount)}</span>
                  <span className="row-meta">{whereItStands(payout)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
