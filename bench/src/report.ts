import os from 'node:os';
import type { Distribution } from './stats';
import type { Memory } from './process-memory';
import type { PurchaseResult } from './purchase-contention';
import type { LoadResult, RouteReadResult } from './read-path';
import type { Startup } from './startup';
import { services } from '@ticketing/suite/services';
import { SUITE_PROCESSES } from './suite-memory';

export interface BenchReport {
  postgresVersion: string;
  /** `npm start` on embedded PGlite, creating its databases. */
  firstStart: Startup;
  /** `npm start` again on the data of the first. */
  restart: Startup;
  serverStartup: Startup;
  purchases: PurchaseResult;
  readPath: RouteReadResult[];
  readConnections: number;
  readSeconds: number;
  eventLag: Distribution;
  holdPrecision: Distribution;
  holdSeconds: number;
  peakMemory: Record<(typeof SUITE_PROCESSES)[number], Memory>;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const percentiles = (d: Distribution) => `p50 ${ms(d.p50)}, p99 ${ms(d.p99)} (max ${ms(d.max)}, n = ${d.count})`;
const perSecond = (count: number, elapsedMs: number) => `${Math.round((count * 1000) / elapsedMs).toLocaleString('en-US')}/s`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

export function machineLine(postgresVersion: string): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}, ${postgresVersion}`;
}

const requestRate = (load: LoadResult) => `${Math.round(load.requestsPerSecond).toLocaleString('en-US')} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms`;

/** Two rows per route: through the gateway, then the bare server with the same bytes and the ratio of the two. */
const readPathRows =
  ({ readConnections, readSeconds }: BenchReport) =>
  (result: RouteReadResult): [string, string][] => [
    [`Read path: ${result.route} through the gateway (${result.page}, ${result.bodyBytes} bytes; ${readConnections} connections, ${readSeconds} s)`, requestRate(result.gateway)],
    [
      `Bare Node HTTP server, same bytes, same run; gateway / bare`,
      `${requestRate(result.bare)}; ${result.ratio.toFixed(3)} (${(result.ratio * 100).toFixed(1)} %)`,
    ],
  ];

export function renderReport(report: BenchReport): string {
  const { purchases, readPath, firstStart, restart, serverStartup } = report;
  const measures: [string, string][] = [
    [
      `Purchase under contention: ${purchases.buyers} buyers, each trying all ${purchases.tickets} tickets at once`,
      `${purchases.attempts.toLocaleString('en-US')} order attempts in ${ms(purchases.elapsedMs)}: ${perSecond(purchases.attempts, purchases.elapsedMs)}`,
    ],
    [`Orders created (201)`, `${purchases.ordersCreated} in ${ms(purchases.soldOutMs)}: ${perSecond(purchases.ordersCreated, purchases.soldOutMs)}, every other attempt 409`],
    [`POST /api/orders latency, all attempts`, percentiles(purchases.orderLatency)],
    [`POST /api/payments latency (pm_card_visa, winners at once)`, percentiles(purchases.paymentLatency)],
    [`Double sales`, `${purchases.doubleSales} (${purchases.sold} of ${purchases.tickets} tickets sold once, each moved to its one order's buyer)`],
    ...readPath.flatMap(readPathRows(report)),
    [`Event lag: ticket created → its replica in orders`, percentiles(report.eventLag)],
    [`Hold precision: expiresAt → order cancelled (${report.holdSeconds} s holds)`, percentiles(report.holdPrecision)],
    [`Start-up, first \`npm start\` (embedded PGlite, creates ${services.filter((service) => service.needs.database).length} databases)`, `${(firstStart.totalMs / 1000).toFixed(1)} s to "Ticketing is up"`],
    [`Start-up, \`npm start\` again on its data`, `${(restart.totalMs / 1000).toFixed(1)} s`],
    [`Start-up on the PostgreSQL server (migrations on empty databases)`, `${(serverStartup.totalMs / 1000).toFixed(1)} s`],
  ];
  const ready = (startup: Startup, name: string) => (startup.readySeconds[name] === undefined ? '–' : `${startup.readySeconds[name]!.toFixed(1)} s`);
  const memoryRows = SUITE_PROCESSES.map(
    (name) =>
      `| ${name === 'launcher' ? 'launcher + gateway' : name} | ${ready(firstStart, name)} | ${ready(restart, name)} | ${mib(restart.idleMemory[name].rssBytes)} | ${ready(serverStartup, name)} | ${mib(serverStartup.idleMemory[name].rssBytes)} | ${mib(report.peakMemory[name].peakRssBytes)} |`,
  );
  const total = (pick: (name: (typeof SUITE_PROCESSES)[number]) => number) => mib(SUITE_PROCESSES.reduce((sum, name) => sum + pick(name), 0));
  return [
    `Machine: ${machineLine(report.postgresVersion)}`,
    '',
    '| Measure | Result |',
    '| --- | --- |',
    ...measures.map(([measure, result]) => `| ${measure} | ${result} |`),
    '',
    '| Process | ready, first start (PGlite) | ready, restart (PGlite) | RSS idle (PGlite) | ready (PostgreSQL) | RSS idle (PostgreSQL) | peak RSS, PostgreSQL, after the load |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...memoryRows,
    `| all | | | ${total((n) => restart.idleMemory[n].rssBytes)} | | ${total((n) => serverStartup.idleMemory[n].rssBytes)} | ${total((n) => report.peakMemory[n].peakRssBytes)} |`,
  ].join('\n');
}
