'use server';

import { redirect } from 'next/navigation';
import { connectPayouts } from '@/lib/api';
import { problemsOf } from '@/lib/forms';

export interface ConnectState {
  error: string | null;
}

/** Connects the seller's payout account: to Stripe's onboarding when it asks for details, else back to the page. */
export async function connectPayoutsAction(_previous: ConnectState): Promise<ConnectState> {
  let onboardingUrl: string | null;
  try {
    ({ onboardingUrl } = await connectPayouts());
  } catch (err) {
    return { error: problemsOf(err).map((p) => p.message).join(' ') };
  }
  redirect(onboardingUrl ?? '/payouts');
}
