import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { RunningSuite } from '@ticketing/suite/running-suite';
import type { FaultSpec } from './config';
import { untilEveryServiceReady } from './readiness';

/** A server of the run's own that can be stopped and started again on the same port and data. */
export interface RestartableServer {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface FaultTargets {
  suite: RunningSuite;
  postgres: RestartableServer;
  nats: RestartableServer;
  redisUrl: string;
}

export interface FaultTiming {
  natsDownMs: number;
  pauseMs: number;
  postgresDownMs: number;
  recoveryTimeoutMs: number;
  recoveryMarginMs: number;
  /** Calm load between one window's end and the next fault. */
  gapMs: number;
}

/** When a fault was in force and how long the suite took to get over it. */
export interface FaultWindow {
  label: string;
  startedAt: number;
  /** The fault was taken back: the process restarted or continued, the server was up again. */
  undoneAt: number;
  /** Every service answered /readyz again; unset when that did not happen within the recovery timeout. */
  readyAt?: number;
  /** Services still not ready when the recovery timeout ran out. */
  notReady: string[];
  /** Why the fault could not be injected or taken back as planned. */
  failure?: string;
  /** Until then, a failed answer is the fault's: ready (or the timeout) plus the recovery margin. */
  endsAt: number;
}

/** Waits, but wakes early when the run is aborted, so that a fault is always taken back. */
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function faultLabel(fault: FaultSpec, timing: FaultTiming): string {
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  switch (fault.kind) {
    case 'kill':
      return `SIGKILL ${fault.service}`;
    case 'pause':
      return `SIGSTOP ${fault.service} for ${seconds(timing.pauseMs)}`;
    case 'restart-nats':
      return `restart NATS, ${seconds(timing.natsDownMs)} down`;
    case 'flush-redis':
      return 'FLUSHALL on Redis (every hold timer lost)';
    case 'stop-postgres':
      return `stop PostgreSQL for ${seconds(timing.postgresDownMs)}`;
    default: {
      const unhandled: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The launcher restarts a killed service; the fault is over when it reports the new process. */
async function killService(suite: RunningSuite, service: string, timeoutMs: number): Promise<void> {
  const pid = suite.pidOf(service);
  const fromLine = suite.output.length;
  process.kill(pid, 'SIGKILL');
  await suite.waitForLine(new RegExp(`\\| ${escapeRegExp(service)} started \\(pid `), fromLine, timeoutMs);
}

async function pauseService(suite: RunningSuite, service: string, pauseMs: number, signal: AbortSignal): Promise<void> {
  const pid = suite.pidOf(service);
  process.kill(pid, 'SIGSTOP');
  try {
    await pause(pauseMs, signal);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
}

async function restartServer(server: RestartableServer, downMs: number, signal: AbortSignal): Promise<void> {
  await server.stop();
  try {
    await pause(downMs, signal);
  } finally {
    await server.start();
  }
}

async function inject(fault: FaultSpec, targets: FaultTargets, timing: FaultTiming, signal: AbortSignal): Promise<void> {
  switch (fault.kind) {
    case 'kill':
      return killService(targets.suite, fault.service, timing.recoveryTimeoutMs);
    case 'pause':
      return pauseService(targets.suite, fault.service, timing.pauseMs, signal);
    case 'restart-nats':
      return restartServer(targets.nats, timing.natsDownMs, signal);
    case 'flush-redis':
      return flushRedis(targets.redisUrl);
    case 'stop-postgres':
      return restartServer(targets.postgres, timing.postgresDownMs, signal);
    default: {
      const unhandled: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * Injects each fault in turn while the load goes on: the fault, its undoing, the wait until every
 * service is ready again, the recovery margin, then calm load before the next one.
 */
export async function runFaults(
  faults: FaultSpec[],
  targets: FaultTargets,
  timing: FaultTiming,
  progress: (message: string) => void,
  signal: AbortSignal,
): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = [];
  for (const fault of faults) {
    if (signal.aborted) break;
    const label = faultLabel(fault, timing);
    progress(`fault: ${label}`);
    const startedAt = Date.now();
    let failure: string | undefined;
    try {
      await inject(fault, targets, timing, signal);
    } catch (err) {
      // The launcher's lines that come with some of these messages are for the log, not the report.
      failure = String((err as Error)?.message ?? err).split('\n')[0];
      progress(`  ${failure}`);
    }
    const undoneAt = Date.now();
    const { notReady } = await untilEveryServiceReady(targets.suite.baseUrl, timing.recoveryTimeoutMs);
    const readyAt = notReady.length === 0 ? Date.now() : undefined;
    const endsAt = Date.now() + timing.recoveryMarginMs;
    windows.push({ label, startedAt, undoneAt, readyAt, notReady, failure, endsAt });
    progress(
      readyAt === undefined
        ? `  ${notReady.join(', ')} still not ready ${Math.round(timing.recoveryTimeoutMs / 1000)} s after the fault was undone`
        : `  undone after ${((undoneAt - startedAt) / 1000).toFixed(1)} s, every service ready ${((readyAt - undoneAt) / 1000).toFixed(1)} s later`,
    );
    await pause(endsAt - Date.now() + timing.gapMs, signal);
  }
  return windows;
}

/** A request whose time in flight overlaps a fault's window: its failure is the fault's, not a bug. */
export function duringAnyFault(answer: { sentAt: number; answeredAt: number }, windows: readonly FaultWindow[]): boolean {
  return windows.some((window) => answer.sentAt <= window.endsAt && answer.answeredAt >= window.startedAt);
}
