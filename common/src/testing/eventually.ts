import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Retries `check` until it stops throwing, for effects that arrive asynchronously over the bus.
 * Fails with the last assertion error once `timeoutMs` has passed.
 */
export async function eventually<T>(check: () => Promise<T> | T, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}
