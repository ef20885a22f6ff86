import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { checkOverlay, checkSchemas, type OverlayContext } from './support/checks';
import { find, ofKind, type Manifest } from './support/manifests';
import { METRIC_NAMES, seriesNamed } from './support/metric-names';
import { checkAlertRules, checkDashboards, checkMetricsShown, checkPodMonitors, DASHBOARD_LABEL, metricsUsed } from './support/monitoring';
import { checkTraces } from './support/observability';
import { checkQuery } from './support/promql';
import { renderOverlay, renderWithComponents } from './support/render';
import { components, k8sDir, overlays } from './support/repo';
import { developmentSecrets, productionSecrets } from './support/secrets';
import { COLLECTOR, JAEGER } from './support/services';
import { artifactsFor, loadSkaffold } from './support/skaffold';

const skaffold = loadSkaffold();
const contextFor = {
  dev: (): OverlayContext => ({ overlay: 'dev', secrets: developmentSecrets(), artifacts: artifactsFor(skaffold), components }),
  prod: (): OverlayContext => ({ overlay: 'prod', secrets: productionSecrets(), artifacts: artifactsFor(skaffold, 'prod'), components }),
};

const names = (docs: Manifest[], kind: string) =>
  ofKind(docs, kind)
    .map((d) => d.metadata.name)
    .sort();

describe.each(overlays)('the %s overlay with the monitoring and observability components', (overlay) => {
  let docs: Manifest[];
  let warnings: string;
  let ctx: OverlayContext;

  beforeAll(() => {
    ({ docs, warnings } = renderWithComponents(overlay));
    ctx = contextFor[overlay]();
  }, 60_000);

  it('when rendered with kubectl kustomize, then it adds the PodMonitor, the alerts, the dashboard, the collector and Jaeger, without a warning', () => {
    expect(names(docs, 'PodMonitor')).toEqual(['ticketing-services']);
    expect(names(docs, 'PrometheusRule')).toEqual(['ticketing']);
    expect(ofKind<IConfigMap>(docs, 'ConfigMap').filter((m) => m.metadata.labels?.[DASHBOARD_LABEL] === '1').map((m) => m.metadata.name)).toEqual(['grafana-dashboard-ticketing']);
    expect(names(docs, 'Deployment')).toEqual(expect.arrayContaining([COLLECTOR, JAEGER]));
    expect(warnings).toBe('');
  });

  it('when every check of the overlay runs on it, then the components break none, and pass their own', () => {
    expect(checkOverlay(docs, ctx)).toEqual([]);
  });

  it("when every document is validated against kubernetes-models and the Prometheus Operator's models, then each is valid and has no unknown field", () => {
    expect(checkSchemas(docs)).toEqual([]);
  });

  it('when the PodMonitor is followed, then it scrapes every service on the port and path its annotations name, and Prometheus may reach them', () => {
    expect(checkPodMonitors(docs)).toEqual([]);
  });

  it('when the alerts are read, then each has a severity, a summary, a description and a for, and asks only for metrics, labels and values the services serve', () => {
    expect(checkAlertRules(docs)).toEqual([]);
  });

  it("when the dashboard is read, then every panel draws from the dashboard's Prometheus and asks only for what the services serve", () => {
    expect(checkDashboards(docs)).toEqual([]);
  });

  it('when the metrics the services serve are listed, then the dashboard or an alert reads each of them', () => {
    expect(checkMetricsShown(docs)).toEqual([]);
    expect([...metricsUsed(docs)].sort()).toEqual([...METRIC_NAMES].sort());
  });

  it("when a span's way is followed, then every service sends OTLP/HTTP to the collector, and the collector OTLP/gRPC to Jaeger, each listening where its Service and probes point", () => {
    expect(checkTraces(docs, ctx.secrets)).toEqual([]);
  });
});

describe('the components', () => {
  it('when the overlays are rendered as they are, then neither component is in them (both are opt-in)', () => {
    for (const overlay of overlays) {
      const { docs } = renderOverlay(overlay);
      expect(names(docs, 'PodMonitor')).toEqual([]);
      expect(names(docs, 'Deployment')).not.toContain(COLLECTOR);
      expect(find<IConfigMap>(docs, 'ConfigMap', 'ticketing-config')).toBeUndefined();
      const config = ofKind<IConfigMap>(docs, 'ConfigMap').find((m) => m.metadata.name.startsWith('ticketing-config-'));
      expect(Object.keys(config?.data ?? {}).filter((k) => k.startsWith('OTEL_'))).toEqual([]);
    }
  });

  it('when the dashboard is rendered, then its ConfigMap holds the JSON file as it is, under a fixed name for the sidecar', () => {
    const { docs } = renderWithComponents('prod');
    const map = find<IConfigMap>(docs, 'ConfigMap', 'grafana-dashboard-ticketing');
    const file = readFileSync(path.join(k8sDir, 'components', 'monitoring', 'dashboards', 'ticketing.json'), 'utf8');
    expect(map?.data?.['ticketing.json']).toBe(file);
  });
});

describe('the PromQL check, given hand-written queries', () => {
  const problems = (expr: string) => checkQuery(expr).problems;
  const labels = (expr: string) => [...(checkQuery(expr).labels ?? [])].sort();

  it("when a query names the services' metrics, labels and values, with Grafana's variables, then it finds nothing", () => {
    expect(problems('sum by (service) (rate(http_request_duration_seconds_count{status_code=~"5..", service=~"$service"}[$__rate_interval])) > 0.05')).toEqual([]);
    expect(problems('histogram_quantile(0.95, sum by (le) (rate(expiration_lateness_seconds_bucket[10m])))')).toEqual([]);
    expect(problems('max_over_time(max by (service) (outbox_pending)[10m:1m]) and events_dead_lettered_total offset 15m')).toEqual([]);
  });

  it('when a metric is misspelt, a histogram named without its suffix, or a label or a value is not one it has, then each is named', () => {
    expect(problems('rate(events_deadlettered_total[5m])')).toEqual([expect.stringMatching(/^events_deadlettered_total is not a metric the services serve/)]);
    expect(problems('http_request_duration_seconds')).toEqual([expect.stringMatching(/^http_request_duration_seconds is not a metric/)]);
    expect(problems('payments_total{status="failed"}')).toEqual([expect.stringMatching(/^payments_total\{status="failed"\}: payments_total has no label status/)]);
    expect(problems('payments_total{outcome=~"failed|error"}')).toEqual(['payments_total{outcome=~"failed|error"}: outcome is never "error" (it is one of succeeded, declined, requires_action, failed)']);
  });

  it('when rate meets a gauge, delta a counter, or a function that takes a range gets none, then each is named', () => {
    expect(problems('rate(outbox_pending[5m])')).toEqual(['rate(outbox_pending…): outbox_pending is a gauge, and rate is for counters']);
    expect(problems('delta(orders_created_total[5m])')).toEqual(['delta(orders_created_total…): orders_created_total is a counter, and delta is for gauges']);
    expect(problems('increase(orders_created_total)')).toEqual(['increase takes a range (x[5m] or a subquery) as argument 1']);
    expect(problems('orders_created_total[5m] > 0')).toEqual(['orders_created_total[5m] is a range, which only a function such as rate or max_over_time takes']);
  });

  it('when buckets are summed without le, or grouped by a label no series has, then each is named', () => {
    expect(problems('histogram_quantile(0.95, sum by (route) (rate(http_request_duration_seconds_bucket[5m])))')).toEqual([
      'histogram_quantile over an expression without the label le: aggregate the buckets by (…, le)',
    ]);
    expect(problems('sum by (subject) (holds_active)')).toEqual(['sum by (subject): no series it aggregates has the label subject']);
  });

  it('when the labels of a result are asked, then they follow aggregation, histogram_quantile and binary operators as Prometheus names them', () => {
    expect(labels('sum by (namespace, service) (rate(payments_total[5m])) / sum by (namespace, service) (rate(payments_total[5m])) > 0.1')).toEqual(['namespace', 'service']);
    expect(labels('histogram_quantile(0.9, sum by (route, le) (rate(http_request_duration_seconds_bucket[5m])))')).toEqual(['route']);
    expect(labels('60 * sum(rate(refunds_total[5m]))')).toEqual([]);
    expect(labels('sum by (service, consumer) (events_consumer_pending) / on (service) group_left sum by (service) (outbox_pending)')).toEqual(['consumer', 'service']);
    expect(checkQuery('scalar(sum(holds_active))').labels).toBeNull();
  });

  it('when a query does not parse or calls an unknown function, then it says where', () => {
    expect(problems('sum(rate(orders_created_total[5m])')).toEqual(['does not parse: expected ")" at 34, found the end']);
    expect(problems('rates(orders_created_total[5m])')).toEqual(['does not parse: unknown function rates at 0']);
    expect(problems('orders_created_total{reason="expired"')).toEqual([expect.stringMatching(/^does not parse: /)]);
  });

  it('when a series name carries a histogram suffix, then it is one of the three series of a histogram, and only buckets have le', () => {
    expect(seriesNamed('http_request_duration_seconds_bucket')?.labels.has('le')).toBe(true);
    expect(seriesNamed('http_request_duration_seconds_count')?.labels.has('le')).toBe(false);
    expect(seriesNamed('orders_created_total_count')).toBeUndefined();
  });
});
