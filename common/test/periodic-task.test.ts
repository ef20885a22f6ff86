import { createLogger, startPeriodicTask } from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('startPeriodicTask', () => {
  it('when started, then it runs at once and again after each interval, even after a failed round', async () => {
    const rounds: number[] = [];
    let resolveThird!: () => void;
    const third = new Promise<void>((resolve) => (resolveThird = resolve));
    const task = startPeriodicTask({
      name: 'counting',
      intervalMs: 5,
      logger,
      run: async () => {
        rounds.push(rounds.length + 1);
        if (rounds.length === 1) throw new Error('first round fails');
        if (rounds.length === 3) resolveThird();
      },
    });

    await third;
    await task.close();

    expect(rounds.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('when closed during a round, then close waits for it and no round starts after', async () => {
    let running = 0;
    let overlapped = false;
    let finishRound!: () => void;
    let started!: () => void;
    const roundStarted = new Promise<void>((resolve) => (started = resolve));
    let rounds = 0;
    const task = startPeriodicTask({
      name: 'slow',
      intervalMs: 1,
      logger,
      run: () => {
        rounds++;
        overlapped ||= running > 0;
        running++;
        started();
        return new Promise<void>((resolve) => (finishRound = () => (running--, resolve())));
      },
    });
    await roundStarted;

    let closed = false;
    const closing = task.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    finishRound();
    await closing;
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(closed).toBe(true);
    expect(rounds).toBe(1);
    expect(overlapped).toBe(false);
  });
});
