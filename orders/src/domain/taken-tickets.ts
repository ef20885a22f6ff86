/**
 * The plain reads of tickets before a purchase, and the refusals they ended in (held or sold). In
 * an on-sale rush most attempts are for a ticket someone already holds, and each would otherwise
 * read the database to be told so. Attempts that come while a ticket is being read share that
 * read, and a refusal, the same for every buyer, holds until the ticket or one of its orders
 * changes, which the database announces per ticket: `forget` drops what is known of it. A refusal
 * also ages out, bounding what a change made while LISTEN was down could cost.
 */
export interface TakenTickets {
  /** The refusal this ticket last got, while it is still current. */
  refusalOf(ticketId: string): Error | undefined;
  /**
   * The ticket's state as `read` finds it, read once for all the attempts that come while it
   * runs; `refused` remembers the refusal it ended in, unless the ticket changed since the read
   * began, which it may then predate.
   */
  sharedRead<T>(ticketId: string, read: () => Promise<T>): Promise<{ seen: T; refused(refusal: Error): void }>;
  /**
   * Runs purchases of one ticket one after another in this replica: those queued behind one that
   * took the ticket are then turned away by its remembered refusal, without a connection each
   * waiting on the ticket's lock. `refused` remembers what the attempt found, unless the ticket
   * changed since it began.
   */
  oneAtATime<T>(ticketId: string, attempt: (refused: (refusal: Error) => void) => Promise<T>): Promise<T>;
  /** The ticket, or with no id (a LISTEN connection re-established) every ticket, changed. */
  forget(ticketId?: string): void;
}

export interface TakenTicketsOptions {
  /** 0 remembers no refusal, for an app with no announcements wired. */
  maxAgeMs?: number;
  /** Refusals, and changes remembered for reads under way, at most; the oldest go first. */
  maxEntries?: number;
  /** A clock in milliseconds, injected by tests. */
  now?: () => number;
}

interface Read {
  /** The count of changes when it began. */
  began: number;
  result: Promise<unknown>;
}

export function takenTickets({ maxAgeMs = 1000, maxEntries = 10_000, now = Date.now }: TakenTicketsOptions = {}): TakenTickets {
  const refusals = new Map<string, { refusal: Error; at: number }>();
  const reads = new Map<string, Read>();
  /** The last purchase queued for each ticket, settled or not. */
  const purchases = new Map<string, Promise<void>>();
  /** Changes counted as they come, and the count at each ticket's last one. */
  let changes = 0;
  let everythingChangedAt = 0;
  const changedAt = new Map<string, number>();

  const lastChangeOf = (ticketId: string) => Math.max(everythingChangedAt, changedAt.get(ticketId) ?? 0);
  const keepWithin = <V>(entries: Map<string, V>, onDrop?: (value: V) => void) => {
    while (entries.size > maxEntries) {
      const [oldest, value] = entries.entries().next().value!;
      entries.delete(oldest);
      onDrop?.(value);
    }
  };

  /** Remembers the refusal unless the ticket changed after `began`, when what it says may be old. */
  const remember = (ticketId: string, refusal: Error, began: number, at: number) => {
    if (maxAgeMs <= 0 || lastChangeOf(ticketId) > began) return;
    refusals.delete(ticketId);
    refusals.set(ticketId, { refusal, at });
    keepWithin(refusals);
  };

  return {
    refusalOf(ticketId) {
      const kept = refusals.get(ticketId);
      if (!kept) return undefined;
      if (now() - kept.at < maxAgeMs) return kept.refusal;
      refusals.delete(ticketId);
      return undefined;
    },
    async sharedRead<T>(ticketId: string, read: () => Promise<T>) {
      let current = reads.get(ticketId);
      if (!current) {
        const began = changes;
        const result = read().finally(() => {
          if (reads.get(ticketId) === current) reads.delete(ticketId);
        });
        current = { began, result };
        reads.set(ticketId, current);
      }
      const { began, result } = current;
      const seen = (await result) as T;
      const at = now();
      return { seen, refused: (refusal: Error) => remember(ticketId, refusal, began, at) };
    },
    oneAtATime(ticketId, attempt) {
      const run = (purchases.get(ticketId) ?? Promise.resolve()).then(() => {
        const began = changes;
        return attempt((refusal) => remember(ticketId, refusal, began, now()));
      });
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      purchases.set(ticketId, settled);
      void settled.then(() => {
        if (purchases.get(ticketId) === settled) purchases.delete(ticketId);
      });
      return run;
    },
    forget(ticketId) {
      changes += 1;
      if (!ticketId) {
        everythingChangedAt = changes;
        refusals.clear();
        reads.clear();
        changedAt.clear();
        return;
      }
      refusals.delete(ticketId);
      // Attempts from now on read again: the one under way may have seen the state before.
      reads.delete(ticketId);
      changedAt.delete(ticketId);
      changedAt.set(ticketId, changes);
      // A change forgotten for room still guards the reads under way, as a change to every ticket.
      keepWithin(changedAt, (droppedAt) => (everythingChangedAt = Math.max(everythingChangedAt, droppedAt)));
    },
  };
}
