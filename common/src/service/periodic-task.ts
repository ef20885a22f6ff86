import type { Logger } from 'pino';
import { isUnavailableError } from '../errors/unavailable';
import type { Closer } from '../http/start-server';

export interface PeriodicTaskOptions {
  /** Names the task in logs and in the closer list. */
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One round of the work; a failure is logged and the next round tries again. */
  run(): Promise<unknown>;
}

/**
 * Housekeeping that runs at start and then every `intervalMs`, on every replica, such as pruning rows past their
 * retention: it must be safe to run concurrently. Rounds never overlap, and closing waits for the
 * round under way so shutdown does not cut a transaction.
 */
export function startPeriodicTask(options: PeriodicTaskOptions): Closer {
  const { name, intervalMs, logger, run } = options;
  let round: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    round = run().then(
      () => undefined,
      (err: unknown) => {
        const unavailable = isUnavailableError(err);
        logger[unavailable ? 'warn' : 'error']({ err, task: name }, 'periodic task failed; the next round tries again');
      },
    );
    void round.then(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  // The first round runs at start: a service redeployed more often than its interval still prunes.
  let timer = setTimeout(tick, 0);
  return {
    name,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
