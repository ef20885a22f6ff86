import Link from 'next/link';
import { getPayouts } from '@/lib/api';

/**
 * Beside selling: a seller with no payout account able to receive money is told where to connect
 * one. A payments service that does not answer leaves the page as it is.
 */
export async function PayoutNudge() {
  const state = await getPayouts()
    .then((summary) => summary.account.state)
    .catch(() => null);
  if (state === null || state === 'enabled') return null;
  return (
    <p className="alert alert-info payout-nudge">
      {state === 'none' ? 'To be paid for what you sell, ' : 'Your payout account is not ready yet: '}
      <Link href="/payouts">{state === 'none' ? 'connect payouts' : 'finish setting it up'}</Link>.
    </p>
  );
}
