'use client';

import { useEffect, useState } from 'react';
import { doorCodeAt, stepProgressAt, type Credential } from '@/lib/credential';
import { QrCode } from './qr-code';

/** How often the ring moves; the code itself changes once per step. */
const TICK_MS = 250;
const RING_RADIUS = 16;
const RING_LENGTH = 2 * Math.PI * RING_RADIUS;

/**
 * The holder's live code: a QR code that changes every step, computed in the browser from the
 * credential the page was rendered with, so it keeps changing with the network gone. The ring empties
 * as the step runs out. Until the page is interactive there is no clock here, so nothing is drawn
 * rather than a code that would be stale.
 */
export function DoorCode({ credential, label }: { credential: Credential; label: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return <div className="door-code door-code-loading" aria-hidden="true" />;
  const left = 1 - stepProgressAt(credential, now);
  const secondsLeft = Math.ceil(left * credential.period);
  return (
    <figure className="door-code">
      <QrCode text={doorCodeAt(credential, now)} label={`Entry code for ${label}`} />
      <figcaption className="door-code-caption">
        <svg className="door-code-ring" viewBox="0 0 40 40" aria-hidden="true">
          <circle cx="20" cy="20" r={RING_RADIUS} className="door-code-ring-track" />
          <circle cx="20" cy="20" r={RING_RADIUS} className="door-code-ring-left" strokeDasharray={RING_LENGTH} strokeDashoffset={RING_LENGTH * (1 - left)} />
        </svg>
        <span>
          Changes in {secondsLeft} s. Show this live code at the door; a screenshot stops working.
        </span>
      </figcaption>
    </figure>
  );
}
