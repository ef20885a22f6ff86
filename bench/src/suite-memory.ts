import type { RunningSuite } from '@ticketing/suite/running-suite';
import { memoryOf, type Memory } from './process-memory';

/** The processes of a running suite, as `npm start` names them; the orders worker runs only on a PostgreSQL server. */
export const SUITE_PROCESSES = ['auth', 'tickets', 'orders', 'orders-worker', 'payments', 'expiration', 'notifications', 'client', 'launcher'] as const;
export type SuiteProcess = (typeof SUITE_PROCESSES)[number];
/** The memory of each process that runs. */
export type SuiteMemory = Partial<Record<SuiteProcess, Memory>>;

export function suiteMemory(suite: RunningSuite): SuiteMemory {
  return Object.fromEntries(
    SUITE_PROCESSES.filter((name) => name === 'launcher' || suite.runs(name)).map((name) => [
      name,
      name === 'launcher' ? memoryOf(suite.launcherPid, { alone: true }) : memoryOf(suite.pidOf(name)),
    ]),
  );
}
