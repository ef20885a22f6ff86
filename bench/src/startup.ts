import { setTimeout as sleep } from 'node:timers/promises';
import { startSuite, type RunningSuite, type SuiteOptions } from '@ticketing/suite/running-suite';
import { suiteMemory, type SuiteMemory } from './suite-memory';

export interface Startup {
  /** From spawning the launcher to "Ticketing is up". */
  totalMs: number;
  /** Seconds after the launcher's own start at which each service answered its readiness probe. */
  readySeconds: Record<string, number>;
  /** Each process's memory once the suite has been idle for a moment. */
  idleMemory: SuiteMemory;
}

const SETTLE_MS = 3000;

export async function startMeasured(env: NodeJS.ProcessEnv, options: SuiteOptions = {}): Promise<{ suite: RunningSuite; startup: Startup }> {
  const suite = await startSuite({ LOG_LEVEL: 'warn', ...env }, options);
  const readySeconds: Record<string, number> = {};
  for (const line of suite.output) {
    const ready = /\| (\S+) ready \(([\d.]+) s\)/.exec(line);
    if (ready) readySeconds[ready[1]!] = Number(ready[2]);
  }
  try {
    await sleep(SETTLE_MS);
    return { suite, startup: { totalMs: suite.startupMs, readySeconds, idleMemory: suiteMemory(suite) } };
  } catch (err) {
    await suite.stop();
    throw err;
  }
}
