'use server';

import { refresh } from 'next/cache';
import { markAllNoticesRead, markNoticesRead } from '@/lib/api';
import { problemsOf } from '@/lib/forms';

export interface MarkReadState {
  error: string | null;
}

/**
 * Runs one way of marking notices read, then renders the page afresh, the header's bell with it;
 * without script the form's post renders it all the same.
 */
async function markRead(mark: () => Promise<void>): Promise<MarkReadState> {
  try {
    await mark();
  } catch (err) {
    return { error: problemsOf(err).map((p) => p.message).join(' ') };
  }
  refresh();
  return { error: null };
}

export async function markNoticeReadAction(noticeId: string, _previous: MarkReadState): Promise<MarkReadState> {
  return markRead(() => markNoticesRead([noticeId]));
}

export async function markAllNoticesReadAction(_previous: MarkReadState): Promise<MarkReadState> {
  return markRead(markAllNoticesRead);
}
