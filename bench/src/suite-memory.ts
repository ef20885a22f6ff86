import type { RunningSuite } from '@ticketing/suite/running-suite';
import { memoryOf, type Memory } from './process-memory';

/** The processes of a running suite, as `npm start` names them. */
export const SUITE_PROCESSES = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'notifications', 'client', 'launcher'] as const;
export type SuiteProcess = (typeof SUITE_PROCESSES)[number];

export function suiteMemory(suite: RunningSuite): Record<SuiteProcess, Memory> {
  return Object.fromEntries(
    SUITE_PROCESSES.map((name) => [name, name === 'launcher' ? memoryOf(suite.launcherPid, { alone: true }) : memoryOf(suite.pidOf(name))]),
  ) as Record<SuiteProcess, Memory>;
}
