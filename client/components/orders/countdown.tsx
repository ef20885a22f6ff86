'use client';

import { useEffect } from 'react';
import { useHoldRemaining } from './hold-clock';

/** The last minute is shown as urgent. */
const URGENT_MS = 60_000;

function clock(remainingMs: number): string {
  const seconds = Math.ceil(remainingMs / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What the polite live region says: only at a few moments, so a screen reader is not flooded every second. */
function milestone(remainingMs: number): string {
  if (remainingMs <= 0) return '';
  if (remainingMs <= URGENT_MS) return 'Less than a minute left to pay.';
  if (remainingMs <= 5 * 60_000) return 'Less than five minutes left to pay.';
  return '';
}

/**
 * Time left until the order's hold ends, read from the enclosing `HoldClock`. The server renders it
 * with its own clock, so the first text may differ from the browser's: that one mismatch is expected
 * and allowed.
 */
export function Countdown({ onExpired }: { onExpired: () => void }) {
  const remainingMs = useHoldRemaining() ?? 0;
  const expired = remainingMs === 0;
  const urgent = !expired && remainingMs <= URGENT_MS;

  useEffect(() => {
    if (expired) onExpired();
  }, [expired, onExpired]);

  return (
    <div className="countdown">
      <p className="countdown-label" id="countdown-label">
        Time left to pay
      </p>
      <p
        className="countdown-value"
        role="timer"
        aria-labelledby="countdown-label"
        data-urgent={urgent ? 'true' : undefined}
        suppressHydrationWarning
      >
        {clock(remainingMs)}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {milestone(remainingMs)}
      </p>
    </div>
  );
}
