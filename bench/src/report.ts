import os from 'node:os';
import type { Distribution } from './stats';
import type { LoadResult, RouteReadResult } from './read-path';
import type { RushResult } from './rush';
import type { Startup } from './startup';
import { services } from '@ticketing/suite/services';
import { SUITE_PROCESSES, type SuiteMemory, type SuiteProcess } from './suite-memory';

/** What one run measured: a section for each measure BENCH_ONLY picked, none for the others. */
export interface BenchReport {
  postgresVersion: string;
  holdSeconds: number;
  startup?: {
    /** `npm start` on embedded PGlite, creating its databases. */
    firstStart: Startup;
    /** `npm start` again on the data of the first. */
    restart: Startup;
    serverStartup: Startup;
    /** Each process's high-water mark at the end of the run, after whatever load it ran. */
    peakMemory: SuiteMemory;
  };
  quiet?: { eventLag: Distribution; holdPrecision: Distribution };
  readPath?: { routes: RouteReadResult[]; connections: number; seconds: number; warmUpSeconds: number };
  rush?: RushResult;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const percentiles = (d: Distribution) => `p50 ${ms(d.p50)}, p99 ${ms(d.p99)} (max ${ms(d.max)}, n = ${d.count})`;
const perSecond = (count: number, elapsedMs: number) => `${Math.round((count * 1000) / elapsedMs).toLocaleString('en-US')}/s`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
/** A process that does not run in that setting (the orders worker on PGlite) has no figure. */
const rss = (bytes: number | undefined) => (bytes === undefined ? '–' : mib(bytes));
const seconds = (totalMs: number) => `${(totalMs / 1000).toFixed(1)} s`;

export function machineLine(postgresVersion: string): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}, ${postgresVersion}`;
}

const table = (header: string[], rows: string[][]) => [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];

function rushRows({ purchases, eventLag, holdPrecision, holdsPlaced, raceMs }: RushResult, holdSeconds: number): string[][] {
  const heldDuringRace = holdPrecision?.count ?? 0;
  return [
    [
      `Purchase under contention: ${purchases.buyers} buyers, each trying all ${purchases.tickets} tickets at once`,
      `${purchases.attempts.toLocaleString('en-US')} order attempts in ${ms(purchases.elapsedMs)}: ${perSecond(purchases.attempts, purchases.elapsedMs)}`,
    ],
    [`Orders created (201)`, `${purchases.ordersCreated} in ${ms(purchases.soldOutMs)}: ${perSecond(purchases.ordersCreated, purchases.soldOutMs)}, every other attempt 409`],
    [`POST /api/orders latency, all attempts`, percentiles(purchases.orderLatency)],
    [`POST /api/payments latency (pm_card_visa, winners at once)`, percentiles(purchases.paymentLatency)],
    [`Double sales`, `${purchases.doubleSales} (${purchases.sold} of ${purchases.tickets} tickets sold once, each moved to its one order's buyer)`],
    [`Event lag during the rush: ticket created → its replica in orders, one at a time while the race ran`, percentiles(eventLag)],
    [
      `Hold precision during the rush: expiresAt → order cancelled (${holdSeconds} s holds of other seats; ${heldDuringRace} of ${holdsPlaced} expired while the race ran)`,
      holdPrecision ? percentiles(holdPrecision) : `none expired in the race's ${ms(raceMs)}: more buyers or tickets make it longer`,
    ],
  ];
}

function readPathTables({ routes, connections, seconds: loadSeconds, warmUpSeconds }: NonNullable<BenchReport['readPath']>): string[] {
  const rate = (load: LoadResult) => [Math.round(load.requestsPerSecond).toLocaleString('en-US'), `${load.p50Ms} ms`, `${load.p99Ms} ms`];
  const ratio = (of: LoadResult, to: LoadResult) => (of.requestsPerSecond / to.requestsPerSecond).toFixed(3);
  const loadRows = routes.flatMap((result) => [
    [`${result.route} (${result.page}, ${result.bodyBytes.toLocaleString('en-US')} bytes): bare Node HTTP server, same bytes`, ...rate(result.bareNode)],
    [`${result.route}: bare Express 5 app, same bytes`, ...rate(result.bareExpress)],
    [`${result.route}: ${result.serviceName} service alone, on its own port`, ...rate(result.serviceAlone)],
    [`${result.route}: through the gateway`, ...rate(result.gateway)],
  ]);
  const ratioRows = routes.map((result) => [
    result.route,
    ratio(result.gateway, result.bareExpress),
    ratio(result.serviceAlone, result.bareExpress),
    ratio(result.gateway, result.serviceAlone),
    ratio(result.gateway, result.bareNode),
  ]);
  return [
    ...table([`Read path, one way after another in this run (${connections} connections, ${loadSeconds} s each after ${warmUpSeconds} s of warm-up)`, 'req/s', 'p50', 'p99'], loadRows),
    '',
    ...table(['Read path, requests per second over', 'gateway / bare Express (target ≥ 0.8)', 'service / bare Express', 'gateway / service', 'gateway / bare Node'], ratioRows),
  ];
}

function startupRows({ firstStart, restart, serverStartup }: NonNullable<BenchReport['startup']>): string[][] {
  return [
    [`Start-up, first \`npm start\` (embedded PGlite, creates ${services.filter((service) => service.needs.database).length} databases; no orders worker)`, `${seconds(firstStart.totalMs)} to "Ticketing is up"`],
    [`Start-up, \`npm start\` again on its data`, seconds(restart.totalMs)],
    [`Start-up on the PostgreSQL server (migrations on empty databases)`, seconds(serverStartup.totalMs)],
  ];
}

function memoryTable({ firstStart, restart, serverStartup, peakMemory }: NonNullable<BenchReport['startup']>): string[] {
  const ready = (startup: Startup, name: string) => (startup.readySeconds[name] === undefined ? '–' : `${startup.readySeconds[name]!.toFixed(1)} s`);
  const rows = SUITE_PROCESSES.map((name) => [
    name === 'launcher' ? 'launcher + gateway' : name,
    ready(firstStart, name),
    ready(restart, name),
    rss(restart.idleMemory[name]?.rssBytes),
    ready(serverStartup, name),
    rss(serverStartup.idleMemory[name]?.rssBytes),
    rss(peakMemory[name]?.peakRssBytes),
  ]);
  const total = (pick: (name: SuiteProcess) => number | undefined) => mib(SUITE_PROCESSES.reduce((sum, name) => sum + (pick(name) ?? 0), 0));
  rows.push(['all', '', '', total((n) => restart.idleMemory[n]?.rssBytes), '', total((n) => serverStartup.idleMemory[n]?.rssBytes), total((n) => peakMemory[n]?.peakRssBytes)]);
  return table(
    ['Process', 'ready, first start (PGlite)', 'ready, restart (PGlite)', 'RSS idle (PGlite)', 'ready (PostgreSQL)', 'RSS idle (PostgreSQL)', 'peak RSS, PostgreSQL, end of the run'],
    rows,
  );
}

export function renderReport(report: BenchReport): string {
  const { startup, quiet, readPath, rush, holdSeconds } = report;
  const measures: string[][] = [
    ...(rush ? rushRows(rush, holdSeconds) : []),
    ...(quiet
      ? [
          [`Event lag, quiet suite: ticket created → its replica in orders, one at a time`, percentiles(quiet.eventLag)],
          [`Hold precision, quiet suite: expiresAt → order cancelled (${holdSeconds} s holds)`, percentiles(quiet.holdPrecision)],
        ]
      : []),
    ...(startup ? startupRows(startup) : []),
  ];
  const sections = [
    measures.length > 0 ? table(['Measure', 'Result'], measures) : [],
    readPath ? readPathTables(readPath) : [],
    startup ? memoryTable(startup) : [],
  ].filter((section) => section.length > 0);
  return [`Machine: ${machineLine(report.postgresVersion)}`, ...sections.flatMap((section) => ['', ...section])].join('\n');
}
