import type { Violation } from './checks';
import { duringAnyFault, type FaultWindow } from './faults';
import type { LoadRecord } from './load';
import { isFailure, type Answer } from './recording-visitor';
import type { Settled } from './settle';
import { ticketStatus } from './snapshot';

export interface ChaosReport {
  organisers: number;
  buyers: number;
  holdSeconds: number;
  loadStartedAt: number;
  loadEndedAt: number;
  record: LoadRecord;
  windows: FaultWindow[];
  settled: Settled;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en-US');

const statusClass = (status: number) => (status === 0 ? 'unanswered' : `${Math.floor(status / 100)}xx`);

function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const listed = (counts: Map<string, number>) =>
  [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${count(n)}`)
    .join(', ') || 'none';

function statusesOf(answers: readonly Answer[], route: string): Map<string, number> {
  return tally(
    answers.filter((answer) => answer.route === route),
    (answer) => String(answer.status || 'unanswered'),
  );
}

function ordersAtTheEnd(report: ChaosReport): string {
  const part = report.settled.snapshot.orders;
  if ('error' in part) return `unreadable: ${part.error}`;
  const byStatus = tally(part.value, (order) => order.status);
  const cancelled = part.value.filter((order) => order.status === 'cancelled');
  const byBuyer = cancelled.filter((order) => report.record.cancelledByBuyer.has(order.id)).length;
  return `${listed(byStatus)}; cancelled by their buyer ${count(byBuyer)}, by expiry ${count(cancelled.length - byBuyer)}`;
}

/** By status, and how many of them a sale moved to a buyer, who holds them now. */
function ticketsAtTheEnd(report: ChaosReport): string {
  const { tickets, events } = report.settled.snapshot;
  if ('error' in tickets) return `unreadable: ${tickets.error}`;
  if ('error' in events) return `${count(tickets.value.length)} tickets, events unreadable (${events.error})`;
  const organisers = new Map(events.value.map((event) => [event.id, event.organiserId]));
  const withBuyers = tickets.value.filter((ticket) => ticket.eventId !== null && ticket.userId !== organisers.get(ticket.eventId)).length;
  return `${count(tickets.value.length)} tickets of ${count(events.value.length)} events: ${listed(tally(tickets.value, ticketStatus))}; ${count(withBuyers)} held by a buyer, the others by their organiser`;
}

/** The sales that moved tickets: first sales by organisers, resales by the buyers they moved to. */
function salesAtTheEnd(report: ChaosReport): string {
  const { transfers, events } = report.settled.snapshot;
  if ('error' in transfers) return `unreadable: ${transfers.error}`;
  if ('error' in events) return `${count(transfers.value.length)}, events unreadable (${events.error})`;
  const organisers = new Set(events.value.map((event) => event.organiserId));
  const resales = transfers.value.filter((sale) => !organisers.has(sale.fromUserId)).length;
  const soldAgain = [...tally(transfers.value, (sale) => sale.ticketId).values()].filter((sales) => sales > 1).length;
  return `${count(transfers.value.length)}: ${count(transfers.value.length - resales)} by organisers, ${count(resales)} resales by buyers; ${count(soldAgain)} tickets sold more than once`;
}

function faultRows(report: ChaosReport): string[] {
  const failures = report.record.log.answers.filter((answer) => isFailure(answer.status));
  return report.windows.map((window) => {
    const inside = failures.filter((answer) => duringAnyFault(answer, [window])).length;
    const ready = window.readyAt === undefined ? `not within the timeout (${window.notReady.join(', ')})` : seconds(window.readyAt - window.undoneAt);
    return `| ${window.label} | +${seconds(window.startedAt - report.loadStartedAt)} | ${seconds(window.undoneAt - window.startedAt)} | ${ready} | ${seconds(window.endsAt - window.startedAt)} | ${count(inside)} |`;
  });
}

export function renderReport(report: ChaosReport, violations: Violation[]): string {
  const { record, windows, settled } = report;
  const answers = record.log.answers;
  const duringLoad = answers.filter((answer) => answer.sentAt >= report.loadStartedAt);
  // The sign-ups before the load count too, as they do for the check.
  const failures = answers.filter((answer) => isFailure(answer.status));
  const failuresInside = failures.filter((answer) => duringAnyFault(answer, windows)).length;
  const refunds = 'error' in settled.snapshot.refunds ? `unreadable: ${settled.snapshot.refunds.error}` : count(settled.snapshot.refunds.value);
  const notices = 'error' in settled.snapshot.notices ? `unreadable: ${settled.snapshot.notices.error}` : `${count(settled.snapshot.notices.value.length)}: ${listed(tally(settled.snapshot.notices.value, (notice) => notice.kind))}`;
  const measures: [string, string][] = [
    ['Load', `${seconds(report.loadEndedAt - report.loadStartedAt)}: ${report.organisers} organisers, ${report.buyers} buyers, ${report.holdSeconds} s holds`],
    ['Requests during the load, by status class', `${count(duringLoad.length)}: ${listed(tally(duringLoad, (answer) => statusClass(answer.status)))}`],
    ['POST /api/events', listed(statusesOf(duringLoad, 'POST /api/events'))],
    ['POST /api/events/:id/tickets', listed(statusesOf(duringLoad, 'POST /api/events/:id/tickets'))],
    ['PUT /api/tickets/:id/listing', listed(statusesOf(duringLoad, 'PUT /api/tickets/:id/listing'))],
    ['DELETE /api/tickets/:id/listing', listed(statusesOf(duringLoad, 'DELETE /api/tickets/:id/listing'))],
    ['POST /api/orders', listed(statusesOf(duringLoad, 'POST /api/orders'))],
    ['Orders placed (201), by the buyer\'s plan', `${count(record.placed.length)}: ${listed(tally(record.placed, (order) => order.plan))}`],
    ['POST /api/payments (every attempt, retries included)', listed(statusesOf(duringLoad, 'POST /api/payments'))],
    ['"Paid" answers (201 from POST /api/payments)', count(record.paid.length)],
    ['DELETE /api/orders/:id', listed(statusesOf(duringLoad, 'DELETE /api/orders/:id'))],
    ['Bought tickets listed again by their buyer (200 from PUT /api/tickets/:id/listing)', count(record.resaleListings)],
    ['Sales that moved a ticket to its buyer (transfers in tickets)', salesAtTheEnd(report)],
    ['Tickets in tickets at the end, by status', ticketsAtTheEnd(report)],
    ['Orders in orders at the end', ordersAtTheEnd(report)],
    ['Refunds in payments', refunds],
    ['Notices in notifications, by kind', notices],
    ['5xx or unanswered (whole run), inside the fault windows', count(failuresInside)],
    ['5xx or unanswered (whole run), outside the fault windows', count(failures.length - failuresInside)],
    ['Time to settle (end of load → every check passes, every hold over)', settled.settledAfterMs === undefined ? 'did not settle in time' : seconds(settled.settledAfterMs)],
  ];
  const byRoute = [...tally(answers, (answer) => answer.route)].map(([route, n]) => `| ${route} | ${count(n)} | ${listed(statusesOf(answers, route))} |`);
  return [
    '| Measure | Result |',
    '| --- | --- |',
    ...measures.map(([measure, result]) => `| ${measure} | ${result} |`),
    '',
    '| Fault | injected at | undone after | every service ready after | window (to ready + margin) | 5xx or unanswered inside |',
    '| --- | --- | --- | --- | --- | --- |',
    ...faultRows(report),
    '',
    '| Route (whole run, sign-ups included) | answers | by status |',
    '| --- | --- | --- |',
    ...byRoute,
    '',
    violations.length === 0 ? 'Violations: none' : `Violations (${violations.length}):`,
    ...violationLines(violations),
  ].join('\n');
}

/** A broken invariant can fail for every row: the first few of each check tell the story. */
const VIOLATIONS_SHOWN_PER_CHECK = 15;

function violationLines(violations: readonly Violation[]): string[] {
  const byCheck = new Map<string, string[]>();
  for (const { check, detail } of violations) byCheck.set(check, [...(byCheck.get(check) ?? []), detail]);
  return [...byCheck].flatMap(([check, details]) => [
    ...details.slice(0, VIOLATIONS_SHOWN_PER_CHECK).map((detail) => `- ${check}: ${detail}`),
    ...(details.length > VIOLATIONS_SHOWN_PER_CHECK ? [`- ${check}: … and ${details.length - VIOLATIONS_SHOWN_PER_CHECK} more`] : []),
  ]);
}
