import { Router, type Request } from 'express';
import { requireAuth } from '@ticketing/common';
import { findPayoutAccount, payoutsOfSeller } from '../db/payouts';
import type { PaymentsDeps } from '../domain/deps';
import { payoutsView } from '../domain/payout';
import { connectPayoutAccount } from '../domain/payout-account';

/**
 * Where Stripe sends the seller back: the web app's Payouts page. PUBLIC_URL when configured, else
 * the request's own origin, which Express reads from X-Forwarded-Proto and -Host only behind the
 * proxies TRUST_PROXY believes. A forged Host only misdirects the forger: the link is theirs.
 */
function onboardingReturn(publicUrl: string | undefined, req: Request) {
  const base = publicUrl ?? `${req.protocol}://${req.host}`;
  const page = (onboarding: 'return' | 'refresh') => {
    const url = new URL('/payouts', base);
    url.searchParams.set('onboarding', onboarding);
    return url.toString();
  };
  return { returnUrl: page('return'), refreshUrl: page('refresh') };
}

/** The signed-in seller's payout account and payouts. */
export function payoutsRouter(deps: PaymentsDeps, publicUrl: string | undefined): Router {
  const router = Router();
  router.post('/api/payouts/account', requireAuth, async (req, res) => {
    res.json(await connectPayoutAccount(deps, req.currentUser!.id, onboardingReturn(publicUrl, req)));
  });
  router.get('/api/payouts', requireAuth, async (req, res) => {
    const sellerId = req.currentUser!.id;
    const [account, rows] = await Promise.all([findPayoutAccount(deps.db, sellerId), payoutsOfSeller(deps.db, sellerId)]);
    res.json(payoutsView(account, deps.currency, rows));
  });
  return router;
}
