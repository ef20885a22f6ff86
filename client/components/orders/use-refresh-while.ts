'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/**
 * Re-renders the page from the server every `intervalMs` while `active`, for news that arrives over the
 * event bus a moment later (a payment completing the order, an expiry cancelling it). The page's new
 * state replaces the component using this, which stops it; it gives up after `maxAttempts` and says so.
 */
export function useRefreshWhile(active: boolean, intervalMs = 1500, maxAttempts = 40): { gaveUp: boolean } {
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    if (!active) return;
    let attempts = 0;
    const timer = setInterval(() => {
      attempts += 1;
      if (attempts > maxAttempts) {
        clearInterval(timer);
        setGaveUp(true);
        return;
      }
      router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, maxAttempts, router]);
  return { gaveUp };
}
