'use client';

import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import type { CheckInCount, CheckInOutcome } from '@/lib/api/types';
import { describePlace } from '../tickets/place';

interface CheckInDeskProps {
  /** `checkInAction` bound to the event. */
  action: (code: string) => Promise<CheckInOutcome>;
  count: CheckInCount;
}

/** A camera sees one code many times a second; each is sent once within this time. */
const SAME_CODE_QUIET_MS = 3_000;

/** The API's reasons, as the door says them; a reason this page does not know is shown as "Refused". */
const REFUSAL_TITLES: Record<string, string> = {
  'already-checked-in': 'Already checked in',
  held: 'Being bought right now',
  'not-open': 'Check-in is not open',
  unknown: 'Not a valid ticket',
  'wrong-event': 'Ticket for another event',
  're-issued': 'Ticket was resold: old code',
  expired: 'Code expired',
};

/**
 * The door: a camera scanner and a field for codes typed by hand, a large verdict for each scan, and
 * how many of the event's tickets are in. Each code goes to the API, which alone decides.
 */
export function CheckInDesk({ action, count: initialCount }: CheckInDeskProps) {
  const [verdict, setVerdict] = useState<CheckInOutcome | null>(null);
  const [count, setCount] = useState(initialCount);
  const [pending, startTransition] = useTransition();
  const lastScan = useRef<{ code: string; at: number } | null>(null);

  const submit = useCallback(
    (code: string) => {
      startTransition(async () => {
        const outcome = await action(code);
        setVerdict(outcome);
        if (outcome.outcome === 'checked-in') setCount(outcome.count);
      });
    },
    [action],
  );

  const onScan = useCallback(
    (code: string) => {
      const now = Date.now();
      if (lastScan.current?.code === code && now - lastScan.current.at < SAME_CODE_QUIET_MS) return;
      lastScan.current = { code, at: now };
      submit(code);
    },
    [submit],
  );

  return (
    <div className="check-in-desk">
      <p className="check-in-count" aria-live="polite">
        <strong>{count.checkedIn}</strong> of {count.issued} tickets checked in
      </p>
      <Verdict verdict={verdict} pending={pending} />
      <Scanner onScan={onScan} />
      <form
        className="form check-in-manual"
        onSubmit={(e) => {
          e.preventDefault();
          const field = e.currentTarget.elements.namedItem('code') as HTMLInputElement;
          submit(field.value);
          field.select();
        }}
      >
        <div className="field">
          <label htmlFor="field-code">Ticket code</label>
          <input id="field-code" name="code" type="text" autoComplete="off" spellCheck={false} />
          <p className="field-hint">What the QR code says, for a camera that cannot read it.</p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            Check in
          </button>
        </div>
      </form>
    </div>
  );
}

function Verdict({ verdict, pending }: { verdict: CheckInOutcome | null; pending: boolean }) {
  if (pending) return <div className="verdict verdict-pending">Checking…</div>;
  if (!verdict) return <div className="verdict verdict-idle">Scan a ticket</div>;
  if (verdict.outcome === 'checked-in') {
    return (
      <div className="verdict verdict-ok" role="status">
        <p className="verdict-title">Checked in</p>
        <p>{describePlace(verdict.place)}</p>
      </div>
    );
  }
  return (
    <div className="verdict verdict-refused" role="alert">
      <p className="verdict-title">{verdict.outcome === 'refused' ? (REFUSAL_TITLES[verdict.reason] ?? 'Refused') : 'Could not check in'}</p>
      <p>{verdict.message}</p>
    </div>
  );
}

/**
 * The device's camera, read by ZXing, loaded only when the organiser starts it. A device without a
 * camera, or a refused permission, leaves the field for typed codes.
 */
function Scanner({ onScan }: { onScan: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'off' | 'starting' | 'on' | 'unavailable'>('off');
  const stop = useRef<(() => void) | null>(null);

  useEffect(() => () => stop.current?.(), []);

  async function start() {
    setState('starting');
    try {
      const { BrowserQRCodeReader } = await import('@zxing/browser');
      const controls = await new BrowserQRCodeReader().decodeFromVideoDevice(undefined, video.current!, (result) => {
        if (result) onScan(result.getText());
      });
      stop.current = () => controls.stop();
      setState('on');
    } catch {
      setState('unavailable');
    }
  }

  return (
    <div className="scanner">
      <video ref={video} className={state === 'on' ? 'scanner-video' : 'scanner-video scanner-video-off'} muted playsInline />
      {state === 'off' && (
        <button type="button" className="button button-secondary" onClick={start}>
          Start camera
        </button>
      )}
      {state === 'starting' && <p className="muted">Starting the camera…</p>}
      {state === 'unavailable' && <p className="muted">No camera can be used here: type the codes below.</p>}
    </div>
  );
}
