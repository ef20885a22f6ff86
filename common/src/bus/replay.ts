import type { Subject } from '../events/catalogue';
import type { Bus } from './bus';
import { DEAD_LETTER_HEADERS } from './listener';

export interface ReplayedEvent {
  envelopeId: string | undefined;
  consumer: string | undefined;
  reason: string | undefined;
}

/** How long to wait for the next parked message before concluding there are no more. */
const NEXT_MESSAGE_WAIT_MS = 1000;

/**
 * Sends parked events of `subject` (only the one with envelope id `id`, if given) back to their
 * original subject, once their cause is fixed, and removes them from the dead-letter subject.
 * Every consumer of the subject sees the event again; they are idempotent, so those that had
 * applied it ignore it, and the one that parked it applies it now. Later versions that waited
 * behind it then apply by themselves. Each replay has a message id of its own, so the stream's
 * duplicate window, which remembers the original, does not drop it.
 */
export async function replayParkedEvents(bus: Bus, subject: Subject, id?: string): Promise<ReplayedEvent[]> {
  const parked = await bus.js.consumers.get(bus.stream, { filter_subjects: bus.deadLetterSubjectFor(subject) });
  const replayed: ReplayedEvent[] = [];
  try {
    for (;;) {
      const msg = await parked.next({ expires: NEXT_MESSAGE_WAIT_MS });
      if (!msg) break;
      const envelopeId = msg.headers?.get(DEAD_LETTER_HEADERS.envelopeId) || undefined;
      if (id === undefined || envelopeId === id) {
        await bus.js.publish(msg.headers?.get(DEAD_LETTER_HEADERS.originalSubject) || bus.subjectFor(subject), msg.data, {
          msgID: `replay:${msg.seq}`,
        });
        await bus.jsm.streams.deleteMessage(bus.stream, msg.seq);
        replayed.push({
          envelopeId,
          consumer: msg.headers?.get(DEAD_LETTER_HEADERS.consumer) || undefined,
          reason: msg.headers?.get(DEAD_LETTER_HEADERS.reason) || undefined,
        });
      }
      if (msg.info.pending === 0) break;
    }
  } finally {
    await parked.delete().catch(() => undefined);
  }
  return replayed;
}
