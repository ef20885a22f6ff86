/**
 * How a replica treats an event of a versioned entity, given the version it holds (undefined when it
 * holds none yet): apply exactly the next version, ignore what it already has, and wait for a gap
 * to be filled by redelivery.
 */
export type VersionDecision = 'apply' | 'already-applied' | 'too-new';

export function decideVersion(held: number | undefined, incoming: number): VersionDecision {
  if (held === undefined) return incoming === 0 ? 'apply' : 'too-new';
  if (incoming <= held) return 'already-applied';
  return incoming === held + 1 ? 'apply' : 'too-new';
}

/**
 * Thrown by a handler that cannot apply an event yet (an earlier version has not arrived). The
 * listener redelivers it after a delay, without logging an error.
 */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/**
 * Thrown by a handler when a rule refuses the event for good (it names something that can never
 * exist, or contradicts what is known). The listener parks it at once instead of retrying.
 */
export class EventRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventRejectedError';
  }
}
