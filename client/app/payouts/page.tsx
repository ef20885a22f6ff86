import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PayoutSummary } from '@/components/payouts/payout-list';
import { connectPayouts, getEvent, getPayouts, requireUser } from '@/lib/api';
import type { Event } from '@/lib/api/types';
import { firstParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser('/payouts');
  // Stripe sends the seller back here to refresh a link that expired: they get a fresh one at once.
  if (firstParam((await searchParams).onboarding) === 'refresh') {
    const { onboardingUrl } = await connectPayouts();
    if (onboardingUrl) redirect(onboardingUrl);
  }
  const summary = await getPayouts();
  const eventIds = [...new Set(summary.payouts.flatMap((payout) => (payout.eventId ? [payout.eventId] : [])))];
  const events = new Map<string, Event>();
  await Promise.all(
    eventIds.map(async (id) => {
      const event = await getEvent(id);
      if (event) events.set(id, event);
    }),
  );
  return (
    <>
      <h1>Payouts</h1>
      <PayoutSummary summary={summary} events={events} />
    </>
  );
}
