/**
 * The checks of the monitoring component: that Prometheus scrapes every service, that every alert
 * and every panel asks for metrics, labels and values the services serve (promql.ts against
 * metric-names.ts), and that the alerts and the dashboard are written as the Prometheus Operator and
 * Grafana's sidecar read them.
 */
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { METRIC_NAMES, seriesNamed } from './metric-names';
import { containersOf, ofKind, podLabels, ref, selects, workloads, type Manifest } from './manifests';
import { podOfWorkload, PROMETHEUS } from './network-paths';
import { evaluate, networkPoliciesOf } from './network-policy';
import { checkQuery, parsePromQL, selectorsOf } from './promql';

/** The label Grafana's dashboard sidecar loads ConfigMaps by (kube-prometheus-stack's default). */
export const DASHBOARD_LABEL = 'grafana_dashboard';
const SEVERITIES = ['critical', 'warning', 'info'];
/**
 * `kubectl apply` without --server-side keeps the whole object in the last-applied-configuration
 * annotation, which the API server caps at 256 KiB: a larger dashboard ConfigMap cannot be applied so.
 */
const LAST_APPLIED_LIMIT = 256 * 1024;
/** Prometheus' durations, as `for` takes them. */
const PROMETHEUS_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** One PromQL expression of an alert or a panel, and where it is. */
interface MonitoringQuery {
  where: string;
  expr: string;
}

const annotation = (labels: Record<string, string> | undefined, key: string) => labels?.[key];

/**
 * Every pod that asks to be scraped (prometheus.io/scrape) is selected by a PodMonitor whose
 * endpoint is the port and path its annotations name, and the NetworkPolicies let Prometheus in.
 */
export function checkPodMonitors(docs: Manifest[]): string[] {
  const problems: string[] = [];
  const monitors = ofKind<IPodMonitor>(docs, 'PodMonitor');
  const scraped = new Set<string>();
  for (const monitor of monitors) {
    const where = ref(monitor);
    const namespaces = monitor.spec.namespaceSelector?.matchNames ?? [monitor.metadata.namespace];
    const selected = workloads(docs).filter((w) => namespaces.includes(w.doc.metadata.namespace) && selects(monitor.spec.selector, podLabels(w)));
    if (selected.length === 0) problems.push(`${where}: selects no pods`);
    for (const endpoint of monitor.spec.podMetricsEndpoints) {
      const path = endpoint.path ?? '/metrics';
      for (const w of selected) {
        scraped.add(w.name);
        const at = `${where} endpoint ${endpoint.port ?? endpoint.targetPort}: ${w.kind}/${w.name}`;
        const ports = containersOf(w).flatMap((c) => c.ports ?? []);
        const port = endpoint.port !== undefined ? ports.find((p) => p.name === endpoint.port)?.containerPort : Number(endpoint.targetPort);
        if (port === undefined || !ports.some((p) => p.containerPort === port)) {
          problems.push(`${at} exposes no port ${endpoint.port ?? endpoint.targetPort}`);
          continue;
        }
        const annotations = w.template.metadata?.annotations;
        const askedPort = annotation(annotations, 'prometheus.io/port');
        const askedPath = annotation(annotations, 'prometheus.io/path');
        if (askedPort !== undefined && Number(askedPort) !== port) problems.push(`${at} is scraped on ${port}, its annotations ask ${askedPort}`);
        if (askedPath !== undefined && askedPath !== path) problems.push(`${at} is scraped at ${path}, its annotations ask ${askedPath}`);
        if (!evaluate(networkPoliciesOf(docs), { from: PROMETHEUS, to: podOfWorkload(w), port, protocol: 'TCP' }).allowed) {
          problems.push(`${at}: the NetworkPolicies do not let Prometheus reach port ${port}`);
        }
      }
    }
  }
  for (const w of workloads(docs)) {
    if (annotation(w.template.metadata?.annotations, 'prometheus.io/scrape') === 'true' && !scraped.has(w.name)) {
      problems.push(`${w.kind}/${w.name}: asks to be scraped, and no PodMonitor selects it`);
    }
  }
  return problems;
}

/** The names a Go template of an alert reads from $labels: {{ $labels.service }}. */
const labelsInTemplate = (text: string) => [...text.matchAll(/\$labels\.(\w+)/g)].map((m) => m[1]!);

/** Every alert has a severity, a summary, a description and a `for`, and a sound expression. */
export function checkAlertRules(docs: Manifest[]): string[] {
  const problems: string[] = [];
  const rules = ofKind<IPrometheusRule>(docs, 'PrometheusRule');
  if (rules.length === 0) problems.push('no PrometheusRule');
  const alerts = new Set<string>();
  for (const doc of rules) {
    const groups = new Set<string>();
    for (const group of doc.spec.groups ?? []) {
      if (groups.has(group.name)) problems.push(`${ref(doc)}: two groups named ${group.name}`);
      groups.add(group.name);
      for (const rule of group.rules ?? []) {
        const where = `${ref(doc)} ${rule.alert ? `alert ${rule.alert}` : `record ${rule.record}`}`;
        if (!rule.alert) {
          if (!rule.record) problems.push(`${ref(doc)} group ${group.name}: a rule that neither alerts nor records`);
          continue;
        }
        if (alerts.has(rule.alert)) problems.push(`${where}: defined twice`);
        alerts.add(rule.alert);
        if (!rule.for || !PROMETHEUS_DURATION.test(rule.for)) problems.push(`${where}: for is ${rule.for ?? 'unset'}, not a duration (one bad scrape should not page)`);
        const severity = rule.labels?.severity;
        if (!severity || !SEVERITIES.includes(severity)) problems.push(`${where}: severity is ${severity ?? 'unset'}, not one of ${SEVERITIES.join(', ')}`);
        for (const key of ['summary', 'description']) if (!rule.annotations?.[key]?.trim()) problems.push(`${where}: no ${key} annotation`);
        const { problems: found, labels } = checkQuery(String(rule.expr));
        problems.push(...found.map((p) => `${where}: ${p}`));
        if (found.length > 0) continue;
        if (labels === null) {
          problems.push(`${where}: its expression is a scalar; an alert needs series`);
          continue;
        }
        for (const [key, text] of Object.entries(rule.annotations ?? {})) {
          for (const label of labelsInTemplate(text)) {
            if (!labels.has(label)) problems.push(`${where}: annotation ${key} reads $labels.${label}, which its expression's result does not carry (${[...labels].sort().join(', ') || 'no label'})`);
          }
        }
      }
    }
  }
  return problems;
}

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; legendFormat?: string; refId?: string; datasource?: { type?: string; uid?: string } }[];
  panels?: Panel[];
}

interface Variable {
  type: string;
  name: string;
  query?: string | { query?: string };
  datasource?: { type?: string; uid?: string };
}

interface Dashboard {
  uid?: string;
  title?: string;
  templating?: { list?: Variable[] };
  panels?: Panel[];
}

/** The dashboards of the ConfigMaps Grafana's sidecar loads, parsed. */
function dashboardsOf(docs: Manifest[]): { where: string; dashboard?: Dashboard; problems: string[] }[] {
  return ofKind<IConfigMap>(docs, 'ConfigMap')
    .filter((map) => map.metadata.labels?.[DASHBOARD_LABEL] !== undefined)
    .flatMap((map) =>
      Object.entries(map.data ?? {}).map(([key, text]) => {
        const where = `${ref(map)} ${key}`;
        if (!key.endsWith('.json')) return { where, problems: [`${where}: the sidecar writes it to a file Grafana does not read as a dashboard (name it *.json)`] };
        try {
          return { where, dashboard: JSON.parse(text) as Dashboard, problems: [] };
        } catch (err) {
          return { where, problems: [`${where}: not JSON: ${(err as Error).message}`] };
        }
      }),
    );
}

const allPanels = (panels: Panel[] = []): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels)]);

const variableQuery = (v: Variable) => (typeof v.query === 'string' ? v.query : v.query?.query) ?? '';

/** Grafana's own variables, which need no definition. */
const isBuiltIn = (name: string) => name.startsWith('__');
const variablesIn = (text: string) => [...text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$([a-zA-Z_]\w*)/g)].map((m) => (m[1] ?? m[2])!);

/**
 * Each dashboard is JSON with a uid, draws every panel from the data source its `datasource`
 * variable picks (so any Grafana's Prometheus serves), lays its panels on the 24-column grid, and
 * asks only for what the services serve: every query, every legend label and every variable.
 */
export function checkDashboards(docs: Manifest[]): string[] {
  const found = dashboardsOf(docs);
  const problems = found.flatMap((d) => d.problems);
  if (found.length === 0) problems.push(`no ConfigMap labelled ${DASHBOARD_LABEL}`);
  for (const map of ofKind<IConfigMap>(docs, 'ConfigMap').filter((m) => m.metadata.labels?.[DASHBOARD_LABEL] !== undefined)) {
    const size = Buffer.byteLength(JSON.stringify(map));
    if (size > LAST_APPLIED_LIMIT) problems.push(`${ref(map)}: ${size} bytes, over the ${LAST_APPLIED_LIMIT} that kubectl apply can record; apply it with --server-side`);
  }
  const uids = new Set<string>();
  for (const { where, dashboard } of found) {
    if (!dashboard) continue;
    if (!dashboard.uid || !dashboard.title) problems.push(`${where}: a dashboard needs a uid and a title`);
    else if (uids.has(dashboard.uid)) problems.push(`${where}: uid ${dashboard.uid} is another dashboard's too`);
    else uids.add(dashboard.uid);
    const variables = dashboard.templating?.list ?? [];
    const source = variables.find((v) => v.type === 'datasource' && variableQuery(v) === 'prometheus');
    if (!source) problems.push(`${where}: no datasource variable of type prometheus`);
    const fromSource = (ds: { type?: string; uid?: string } | undefined) => source !== undefined && ds?.type === 'prometheus' && ds.uid === `\${${source.name}}`;
    const defined = new Set(variables.map((v) => v.name));
    const undefinedIn = (text: string) => variablesIn(text).filter((name) => !isBuiltIn(name) && !defined.has(name));

    for (const v of variables.filter((x) => x.type === 'query')) {
      const at = `${where} variable ${v.name}`;
      if (!fromSource(v.datasource)) problems.push(`${at}: does not query the data source of \$${source?.name ?? 'datasource'}`);
      const query = variableQuery(v);
      for (const name of undefinedIn(query)) problems.push(`${at}: uses $${name}, which is not a variable of the dashboard`);
      const labelValues = /^label_values\((?:(.+),\s*)?(\w+)\)$/.exec(query.trim());
      if (!labelValues) {
        problems.push(`${at}: ${query} is not label_values(…), the one variable query these checks read`);
        continue;
      }
      const [, selector, label] = labelValues;
      if (!selector) continue;
      const checked = checkQuery(selector);
      problems.push(...checked.problems.map((p) => `${at}: ${p}`));
      if (checked.labels && !checked.labels.has(label!)) problems.push(`${at}: ${selector} has no label ${label}`);
    }

    const ids = new Set<number>();
    for (const panel of allPanels(dashboard.panels)) {
      const at = `${where} panel "${panel.title ?? panel.id}"`;
      if (panel.id === undefined || ids.has(panel.id)) problems.push(`${at}: needs an id of its own`);
      else ids.add(panel.id);
      const grid = panel.gridPos;
      if (!grid || grid.x < 0 || grid.w <= 0 || grid.h <= 0 || grid.x + grid.w > 24) problems.push(`${at}: gridPos ${JSON.stringify(grid)} is off Grafana's 24-column grid`);
      if (panel.type === 'row') continue;
      if ((panel.targets ?? []).length === 0) problems.push(`${at}: no query`);
      if (!fromSource(panel.datasource)) problems.push(`${at}: does not draw from the data source of \$${source?.name ?? 'datasource'}`);
      for (const target of panel.targets ?? []) {
        const query = `${at} query ${target.refId}`;
        if (!fromSource(target.datasource)) problems.push(`${query}: does not draw from the data source of \$${source?.name ?? 'datasource'}`);
        const expr = target.expr ?? '';
        for (const name of undefinedIn(expr)) problems.push(`${query}: uses $${name}, which is not a variable of the dashboard`);
        const checked = checkQuery(expr);
        problems.push(...checked.problems.map((p) => `${query}: ${p}`));
        for (const label of [...(target.legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!)) {
          if (checked.labels && !checked.labels.has(label)) problems.push(`${query}: legend {{${label}}} names a label its result does not carry (${[...checked.labels].sort().join(', ') || 'no label'})`);
        }
      }
    }
  }
  return problems;
}

/** Every PromQL expression of the alerts and the dashboards. */
function monitoringQueries(docs: Manifest[]): MonitoringQuery[] {
  const rules = ofKind<IPrometheusRule>(docs, 'PrometheusRule').flatMap((doc) =>
    (doc.spec.groups ?? []).flatMap((g) => (g.rules ?? []).map((r) => ({ where: `${ref(doc)} ${r.alert ?? r.record}`, expr: String(r.expr) }))),
  );
  const panels = dashboardsOf(docs).flatMap(({ where, dashboard }) =>
    allPanels(dashboard?.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `${where} panel "${p.title}" query ${t.refId}`, expr: t.expr ?? '' }))),
  );
  return [...rules, ...panels];
}

/** The metrics (by the names the services register) that the alerts and dashboards read. */
export function metricsUsed(docs: Manifest[]): Set<string> {
  const used = new Set<string>();
  for (const { expr } of monitoringQueries(docs)) {
    try {
      for (const s of selectorsOf(parsePromQL(expr))) used.add(seriesNamed(s.metric)?.metric ?? s.metric);
    } catch {
      // An expression that does not parse is the other checks' to report.
    }
  }
  return used;
}

/** Each metric the services serve is on the dashboard or in an alert: none is collected for nobody. */
export function checkMetricsShown(docs: Manifest[]): string[] {
  const used = metricsUsed(docs);
  return METRIC_NAMES.filter((name) => !used.has(name)).map((name) => `${name}: served by the services, and neither the dashboard nor an alert reads it`);
}

/** Every check of the monitoring component in a rendered overlay. */
export function checkMonitoring(docs: Manifest[]): string[] {
  return [...checkPodMonitors(docs), ...checkAlertRules(docs), ...checkDashboards(docs), ...checkMetricsShown(docs)];
}
