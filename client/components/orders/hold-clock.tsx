'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

const HoldRemainingContext = createContext<number | null>(null);

/**
 * One clock for an unpaid order's hold (`expiresAt` null when there is none running), ticking every
 * half second on the visitor's clock until it ends. The countdown and the status badge both read it,
 * so they turn to "time is up" on the same tick instead of the badge waiting for the server's next
 * render.
 */
export function HoldClock({ expiresAt, children }: { expiresAt: Date | null; children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now());
  const remainingMs = expiresAt ? Math.max(0, expiresAt.getTime() - now) : null;
  const ended = remainingMs === null || remainingMs === 0;

  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [ended]);

  return <HoldRemainingContext.Provider value={remainingMs}>{children}</HoldRemainingContext.Provider>;
}

/** Milliseconds left on the hold of the enclosing `HoldClock`; null when no hold is running. */
export function useHoldRemaining(): number | null {
  return useContext(HoldRemainingContext);
}
