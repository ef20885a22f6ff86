import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { ConfigError } from '@ticketing/common';
import { loadBenchConfig } from './config';
import { measureEventLag } from './event-lag';
import { measureHoldPrecision } from './hold-precision';
import { measurePurchases } from './purchase-contention';
import { measureReadPath } from './read-path';
import { renderReport } from './report';
import { startMeasured } from './startup';
import { suiteMemory } from './suite-memory';
import { signUpVisitors } from './visitors';

/** Progress goes to stderr, so stdout carries the table alone. */
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

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const embeddedStartups = await measureEmbeddedStartups();

  progress('starting the suite on the PostgreSQL server');
  const { suite, startup: serverStartup } = await startMeasured({
    EXPIRATION_WINDOW_SECONDS: String(config.BENCH_HOLD_SECONDS),
    // Every visitor of the run signs up from this one address, which the sign-up throttle would stop.
    SIGNUP_MAX_PER_CLIENT: '100000',
  });
  const orders = new Pool({ connectionString: suite.databaseUrls.orders, max: 2 });
  const tickets = new Pool({ connectionString: suite.databaseUrls.tickets, max: 2 });
  try {
    const postgresVersion = `PostgreSQL ${(await orders.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0]}`;
    progress(`signing up an organiser and ${config.BENCH_BUYERS} buyers`);
    const [organiser] = await signUpVisitors(suite.baseUrl, 'organiser', 1);
    const buyers = await signUpVisitors(suite.baseUrl, 'buyer', config.BENCH_BUYERS);

    progress(`event lag over ${config.BENCH_LAG_SAMPLES} tickets`);
    const eventLag = await measureEventLag(organiser!, orders, config.BENCH_LAG_SAMPLES);
    progress(`read path: for each of its three routes, ${config.BENCH_READ_SECONDS} s on a bare server, then ${config.BENCH_READ_SECONDS} s through the gateway`);
    const readPath = await measureReadPath(organiser!, suite.baseUrl, config.BENCH_READ_CONNECTIONS, config.BENCH_READ_SECONDS);
    progress(`purchases: ${config.BENCH_BUYERS} buyers racing for ${config.BENCH_TICKETS} tickets`);
    const purchases = await measurePurchases(organiser!, buyers, config.BENCH_TICKETS, { orders, tickets });
    progress(`hold precision over ${config.BENCH_HOLDS} unpaid orders`);
    const holdPrecision = await measureHoldPrecision(organiser!, buyers, config.BENCH_HOLDS, orders);

    process.stdout.write(
      `${renderReport({
        postgresVersion,
        ...embeddedStartups,
        serverStartup,
        purchases,
        readPath,
        readConnections: config.BENCH_READ_CONNECTIONS,
        readSeconds: config.BENCH_READ_SECONDS,
        eventLag,
        holdPrecision,
        holdSeconds: config.BENCH_HOLD_SECONDS,
        peakMemory: suiteMemory(suite),
      })}\n`,
    );
    if (purchases.doubleSales > 0 || purchases.ordersCreated !== purchases.tickets || purchases.sold !== purchases.tickets) {
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
