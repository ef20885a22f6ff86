import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { ConfigError } from '@ticketing/common';
import { loadBenchConfig, type BenchConfig } from './config';
import { measureEventLag } from './event-lag';
import { measureHoldPrecision } from './hold-precision';
import { measureReadPath, WARM_UP_SECONDS } from './read-path';
import { renderReport, type BenchReport } from './report';
import { measureRush } from './rush';
import { startMeasured } from './startup';
import { suiteMemory } from './suite-memory';
import { createEvent, signUpVisitors } from './visitors';

/** Progress goes to stderr, so stdout carries the tables alone. */
const progress = (message: string) => process.stderr.write(`bench | ${message}\n`);

async function measureEmbeddedStartups() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ticketing-bench-'));
  const embedded = { embeddedDatabases: true, dataDir };
  try {
    progress('starting the suite as a first `npm start` does: embedded PGlite, no data yet');
    const first = await startMeasured({}, embedded);
    await first.suite.stop();
    progress('starting it again on the data the first start left');
    const again = await startMeasured({}, embedded);
    await again.suite.stop();
    return { firstStart: first.startup, restart: again.startup };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Buyers are signed up only for the measures that order tickets: scrypt makes each one slow. */
const needsBuyers = (only: BenchConfig['BENCH_ONLY']) => only.has('quiet') || only.has('rush');

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const only = config.BENCH_ONLY;
  progress(`measuring ${[...only].join(', ')}`);
  const embeddedStartups = only.has('startup') ? await measureEmbeddedStartups() : undefined;

  progress('starting the suite on the PostgreSQL server');
  const { suite, startup: serverStartup } = await startMeasured({
    EXPIRATION_WINDOW_SECONDS: String(config.BENCH_HOLD_SECONDS),
    // Every visitor of the run signs up from this one address, which the sign-up throttle would stop.
    SIGNUP_MAX_PER_CLIENT: '100000',
    // Signing the buyers up is set-up, not a measure: a scrypt per core halves its wait.
    SIGNUP_HASH_CONCURRENCY: '2',
  });
  const orders = new Pool({ connectionString: suite.databaseUrls.orders, max: 2 });
  const tickets = new Pool({ connectionString: suite.databaseUrls.tickets, max: 2 });
  try {
    const postgresVersion = `PostgreSQL ${(await orders.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0]}`;
    const report: BenchReport = { postgresVersion, holdSeconds: config.BENCH_HOLD_SECONDS };
    const buyerCount = needsBuyers(only) ? config.BENCH_BUYERS : 0;
    progress(`signing up an organiser${buyerCount ? ` and ${buyerCount} buyers` : ''}`);
    const [organiser] = await signUpVisitors(suite.baseUrl, 'organiser', 1);
    const buyers = await signUpVisitors(suite.baseUrl, 'buyer', buyerCount);

    if (only.has('quiet')) {
      progress(`quiet suite: event lag over ${config.BENCH_LAG_SAMPLES} tickets, then hold precision over ${config.BENCH_HOLDS} unpaid orders`);
      const lagEventId = await createEvent(organiser!, 'Lag probes');
      const eventLag = await measureEventLag(organiser!, orders, lagEventId, (samplesSoFar) => samplesSoFar < config.BENCH_LAG_SAMPLES);
      const holdPrecision = await measureHoldPrecision(organiser!, buyers, config.BENCH_HOLDS, orders);
      report.quiet = { eventLag, holdPrecision };
    }
    if (only.has('read')) {
      progress(`read path: for each of its three routes, ${config.BENCH_READ_SECONDS} s each on a bare Node server, a bare Express app, the tickets service alone and through the gateway`);
      const routes = await measureReadPath(organiser!, suite, config.BENCH_READ_CONNECTIONS, config.BENCH_READ_SECONDS);
      report.readPath = { routes, connections: config.BENCH_READ_CONNECTIONS, seconds: config.BENCH_READ_SECONDS, warmUpSeconds: WARM_UP_SECONDS };
    }
    if (only.has('rush')) {
      progress(`the rush: ${config.BENCH_BUYERS} buyers racing for ${config.BENCH_TICKETS} tickets, with ${config.BENCH_HOLDS} holds expiring and event lag sampled meanwhile`);
      report.rush = await measureRush(organiser!, buyers, { tickets: config.BENCH_TICKETS, holds: config.BENCH_HOLDS }, { orders, tickets });
    }
    if (embeddedStartups) report.startup = { ...embeddedStartups, serverStartup, peakMemory: suiteMemory(suite) };

    process.stdout.write(`${renderReport(report)}\n`);
    const purchases = report.rush?.purchases;
    if (purchases && (purchases.doubleSales > 0 || purchases.ordersCreated !== purchases.tickets || purchases.sold !== purchases.tickets)) {
      progress(`FAILED: every ticket should sell exactly once (${purchases.ordersCreated} orders, ${purchases.sold} sold, ${purchases.doubleSales} double sales)`);
      process.exitCode = 1;
    }
  } finally {
    await Promise.all([orders.end(), tickets.end()]);
    await suite.stop();
  }
}

main().catch((err: unknown) => {
  progress(err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err));
  process.exitCode = 1;
});
