import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '@ticketing/common';
import { startSuite, type RunningSuite } from '@ticketing/suite/running-suite';
import type { RunEvidence } from './checks';
import { loadChaosConfig, type ChaosConfig } from './config';
import { runFaults, type FaultTiming, type FaultWindow } from './faults';
import { runLoad, signUp } from './load';
import { startPrivateServers, type PrivateServers } from './private-servers';
import { AnswerLog } from './recording-visitor';
import { renderReport } from './report';
import { untilSettled } from './settle';
import { readSnapshot, ServiceDatabases } from './snapshot';

/** Progress goes to stderr, so stdout carries the figures alone. */
const progress = (message: string) => process.stderr.write(`chaos | ${message}\n`);

/** Waits, but wakes early when the run is interrupted. */
const pause = (ms: number, signal: AbortSignal) => sleep(Math.max(0, ms), undefined, { signal }).catch(() => undefined);

class Interrupted extends Error {}

function faultTiming(config: ChaosConfig): FaultTiming {
  return {
    natsDownMs: config.CHAOS_NATS_DOWN_SECONDS * 1000,
    pauseMs: config.CHAOS_PAUSE_SECONDS * 1000,
    postgresDownMs: config.CHAOS_POSTGRES_DOWN_SECONDS * 1000,
    recoveryTimeoutMs: config.CHAOS_RECOVERY_TIMEOUT_SECONDS * 1000,
    recoveryMarginMs: config.CHAOS_RECOVERY_MARGIN_SECONDS * 1000,
    gapMs: config.CHAOS_FAULT_GAP_SECONDS * 1000,
  };
}

/** Load, faults under it, calm load after them, then the checks once the services have settled. Returns the number of violations. */
async function loadFaultAndCheck(config: ChaosConfig, suite: RunningSuite, servers: PrivateServers, databases: ServiceDatabases, interrupted: AbortSignal): Promise<number> {
  const log = new AnswerLog();
  const timeoutMs = config.CHAOS_REQUEST_TIMEOUT_MS;
  progress(`signing up ${config.CHAOS_SELLERS} organisers and ${config.CHAOS_BUYERS} buyers`);
  const organisers = await signUp(suite.baseUrl, log, timeoutMs, 'organiser', config.CHAOS_SELLERS);
  const buyers = await signUp(suite.baseUrl, log, timeoutMs, 'buyer', config.CHAOS_BUYERS);

  const calmMs = config.CHAOS_CALM_SECONDS * 1000;
  const stopLoad = new AbortController();
  const loadStartedAt = Date.now();
  progress(`load starts; ${config.CHAOS_CALM_SECONDS} s of calm, then ${config.CHAOS_FAULTS.length === 1 ? 'one fault' : `${config.CHAOS_FAULTS.length} faults one after the other`}`);
  const loading = runLoad({ organisers, buyers }, log, { listIntervalMs: config.CHAOS_LIST_INTERVAL_MS, thinkMs: config.CHAOS_THINK_MS }, AbortSignal.any([stopLoad.signal, interrupted]));
  let windows: FaultWindow[] = [];
  try {
    await pause(calmMs, interrupted);
    windows = await runFaults(config.CHAOS_FAULTS, { suite, postgres: servers.postgres, nats: servers.nats, redisUrl: servers.redis.url }, faultTiming(config), progress, interrupted);
    if (!interrupted.aborted) {
      const calmUntil = Math.max(Date.now() + calmMs, loadStartedAt + config.CHAOS_MIN_LOAD_SECONDS * 1000);
      progress(`faults over; calm load until +${Math.round((calmUntil - loadStartedAt) / 1000)} s`);
      await pause(calmUntil - Date.now(), interrupted);
    }
  } finally {
    stopLoad.abort();
  }
  const record = await loading;
  const loadEndedAt = Date.now();
  if (interrupted.aborted) throw new Interrupted();

  progress(`load stopped after ${Math.round((loadEndedAt - loadStartedAt) / 1000)} s; waiting up to ${config.CHAOS_SETTLE_TIMEOUT_SECONDS} s for the services to settle`);
  const evidence: RunEvidence = { record, windows, loadStartedAt, expiryGraceMs: config.CHAOS_EXPIRY_GRACE_SECONDS * 1000 };
  const settled = await untilSettled(() => readSnapshot(databases, servers.nats.url, suite.bus), evidence, loadEndedAt, config.CHAOS_SETTLE_TIMEOUT_SECONDS * 1000, progress);
  process.stdout.write(
    `${renderReport({ organisers: organisers.length, buyers: buyers.length, holdSeconds: config.CHAOS_HOLD_SECONDS, loadStartedAt, loadEndedAt, record, windows, settled }, settled.violations)}\n`,
  );
  return settled.violations.length;
}

async function main(): Promise<void> {
  const config = loadChaosConfig();
  const interruption = new AbortController();
  const interrupt = () => {
    progress('interrupted: taking the current fault back and stopping');
    interruption.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  progress('starting PostgreSQL, NATS and Redis of its own');
  const servers = await startPrivateServers(progress);
  try {
    // startSuite makes its databases, stream and queue on the servers these name.
    process.env.DATABASE_URL = servers.postgres.url;
    process.env.NATS_URL = servers.nats.url;
    process.env.REDIS_URL = servers.redis.url;
    progress(`starting the suite on them (PostgreSQL ${servers.postgres.url}, NATS ${servers.nats.url}, Redis ${servers.redis.url}), ${config.CHAOS_HOLD_SECONDS} s holds`);
    const suite = await startSuite({
      EXPIRATION_WINDOW_SECONDS: String(config.CHAOS_HOLD_SECONDS),
      // Every visitor of the run signs up from this one address, which the sign-up throttle would stop.
      SIGNUP_MAX_PER_CLIENT: '100000',
    });
    const databases = new ServiceDatabases(suite.databaseUrls);
    try {
      const violations = await loadFaultAndCheck(config, suite, servers, databases, interruption.signal);
      if (violations > 0) {
        progress(`FAILED: ${violations} violations (listed under the figures)`);
        process.exitCode = 1;
      } else {
        progress('every check passed');
      }
    } finally {
      // The services' own account of the run (warnings and errors, with the launcher's restarts) is the evidence behind a violation.
      const logFile = path.join(tmpdir(), `ticketing-chaos-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
      writeFileSync(logFile, `${suite.output.join('\n')}\n`);
      progress(`the suite's log is in ${logFile}`);
      await databases.end();
      await suite.stop().catch((err: unknown) => progress(`stopping the suite: ${(err as Error)?.message ?? err}`));
    }
  } finally {
    await servers.stop();
  }
}

main().catch((err: unknown) => {
  if (err instanceof Interrupted) {
    process.exitCode = 130;
    return;
  }
  progress(err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err));
  process.exitCode = 1;
});
