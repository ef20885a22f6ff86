/**
 * The metrics the services serve at /metrics, by the names they register: the one list the alerts
 * and the dashboard may draw on. A query naming anything else, or a label a metric does not have, or
 * a value an enumerated label never takes, would select nothing and stay silent; the checks refuse
 * it. A metric added to a service goes here before a rule or a panel uses it.
 *
 * The values of enumerated labels come from the services' own vocabulary where it is exported: the
 * lists themselves, or the union types, which `allOf` makes the compiler hold the lists to.
 */
import type { EmailSending } from '../../../notifications/src/domain/send-emails';
import { NOTICE_KINDS } from '../../../notifications/src/domain/vocabulary';
import { CANCEL_REASONS } from '../../../orders/src/domain/statuses';
import type { ChargeOutcome } from '../../../payments/src/domain/vocabulary';
import type { CheckInVerdict } from '../../../tickets/src/domain/check-in';

type EmailOutcome = Parameters<NonNullable<EmailSending['onOutcome']>>[0];

/** The values of a union type, every one of them and no other: a value added to the type fails to compile here. */
const allOf =
  <T extends string>() =>
  <const V extends readonly T[]>(values: V & ([T] extends [V[number]] ? unknown : never)): V =>
    values;

type MetricType = 'counter' | 'gauge' | 'histogram';

/** A label's values when the code fixes them; `any` when they are open (subjects, routes). */
type LabelValues = readonly string[] | 'any';

export interface MetricDefinition {
  type: MetricType;
  labels: Readonly<Record<string, LabelValues>>;
}

export const METRICS = {
  // common: every service's HTTP server.
  http_request_duration_seconds: { type: 'histogram', labels: { method: 'any', route: 'any', status_code: 'any' } },
  // common: the bus listener of every consuming service.
  // The listener's outcomes (its Outcome type is not exported from common).
  events_handled_total: { type: 'counter', labels: { subject: 'any', outcome: ['acked', 'retried', 'waiting', 'unavailable', 'dead_lettered'] } },
  events_dead_lettered_total: { type: 'counter', labels: { subject: 'any' } },
  // JetStream's num_pending + num_ack_pending of each durable, read at scrape.
  events_consumer_pending: { type: 'gauge', labels: { consumer: 'any' } },
  // common: the outbox relay of auth, tickets, orders and payments.
  outbox_published_total: { type: 'counter', labels: {} },
  outbox_pending: { type: 'gauge', labels: {} },
  // expiration.
  expiration_jobs_scheduled_total: { type: 'counter', labels: {} },
  expiration_jobs_fired_total: { type: 'counter', labels: {} },
  expiration_lateness_seconds: { type: 'histogram', labels: {} },
  holds_active: { type: 'gauge', labels: {} },
  // orders.
  orders_created_total: { type: 'counter', labels: {} },
  orders_cancelled_total: { type: 'counter', labels: { reason: CANCEL_REASONS } },
  orders_completed_total: { type: 'counter', labels: {} },
  // payments.
  payments_total: { type: 'counter', labels: { outcome: allOf<ChargeOutcome>()(['succeeded', 'declined', 'requires_action', 'failed']) } },
  refunds_total: { type: 'counter', labels: {} },
  payouts_sent_total: { type: 'counter', labels: {} },
  // tickets.
  check_ins_total: { type: 'counter', labels: { outcome: allOf<CheckInVerdict>()(['admitted', 'refused']) } },
  // notifications.
  notifications_notices_total: { type: 'counter', labels: { kind: NOTICE_KINDS } },
  notifications_emails_total: { type: 'counter', labels: { outcome: allOf<EmailOutcome>()(['sent', 'failed', 'refused']) } },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** The default label of every service's registry (common's createMetrics). */
const SERVICE_LABEL = 'service';

/** What Prometheus adds to every series it scrapes through a PodMonitor. */
export const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint'];

const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'] as const;

/** One series name as a query writes it: a counter or gauge by its name, a histogram by a suffix. */
export interface Series {
  name: string;
  metric: MetricName;
  definition: MetricDefinition;
  /** Counters and a histogram's three series only ever grow (rate, increase); gauges go both ways. */
  kind: 'counter' | 'gauge';
  /** Every label the series carries: its own, `service`, the target's, and `le` on buckets. */
  labels: Set<string>;
}

const isMetric = (name: string): name is MetricName => Object.hasOwn(METRICS, name);

function series(name: string, metric: MetricName, bucket: boolean): Series {
  const definition: MetricDefinition = METRICS[metric];
  const labels = new Set([...Object.keys(definition.labels), SERVICE_LABEL, ...TARGET_LABELS, ...(bucket ? ['le'] : [])]);
  return { name, metric, definition, kind: definition.type === 'gauge' ? 'gauge' : 'counter', labels };
}

/** The series of that name, or undefined when no service serves it (a histogram only as its three series). */
export function seriesNamed(name: string): Series | undefined {
  if (isMetric(name)) return METRICS[name].type === 'histogram' ? undefined : series(name, name, false);
  const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
  const base = suffix ? name.slice(0, -suffix.length) : '';
  return isMetric(base) && METRICS[base].type === 'histogram' ? series(name, base, suffix === '_bucket') : undefined;
}
