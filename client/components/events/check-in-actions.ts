'use server';

import { checkIn } from '@/lib/api';
import { ApiUnreachableError } from '@/lib/api/errors';
import type { CheckInOutcome } from '@/lib/api/types';

/** Checks in the door code scanned or typed at the organiser's event; the outcome is shown large. */
export async function checkInAction(eventId: string, code: string): Promise<CheckInOutcome> {
  const trimmed = code.trim();
  if (!trimmed) return { outcome: 'refused', reason: 'unknown', message: 'Scan a ticket, or type its code.' };
  try {
    return await checkIn(eventId, trimmed);
  } catch (err) {
    if (err instanceof ApiUnreachableError) return { outcome: 'failed', message: err.message };
    throw err;
  }
}
