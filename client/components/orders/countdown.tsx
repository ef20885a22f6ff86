'use client';

import { useEffect, useState } from 'react';

function clock(remainingMs: number): string {
  const seconds = Math.ceil(remainingMs / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What the polite live region says: only at a few moments, so a screen reader is not flooded every second. */
function milestone(remainingMs: number): string {
  if (remainingMs <= 0) return '';
  if (remainingMs <= 60_000) return 'Less than a minute left to pay.';
  if (remainingMs <= 5 * 60_000) return 'Less than five minutes left to pay.';
  return '';
}

/**
 * Time left until the order's hold ends, ticking every half second on the visitor's clock. The server
 * renders it with its own clock, so the first text may differ from the browser's: that one mismatch is
 * expected and allowed.
 */
export function Countdown({ expiresAt, onExpired }: { expiresAt: Date; onExpired: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const remainingMs = Math.max(0, expiresAt.getTime() - now);
  const expired = remainingMs === 0;

  useEffect(() => {
    if (expired) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [expired]);

  useEffect(() => {
    if (expired) onExpired();
  }, [expired, onExpired]);

  return (
    <div className="countdown">
      <p className="countdown-label" id="countdown-label">
        Time left to pay
      </p>
      <p className="countdown-value" role="timer" aria-labelledby="countdown-label" suppressHydrationWarning>
        {clock(remainingMs)}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {milestone(remainingMs)}
      </p>
    </div>
  );
}
