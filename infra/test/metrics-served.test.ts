import { services } from '../../suite/src/services';
import { startSuite, type RunningSuite } from '../../suite/src/running-suite';
import { METRICS, METRIC_NAMES, type MetricName } from './support/metric-names';
import { metricsUsed } from './support/monitoring';
import { renderWithComponents } from './support/render';

/**
 * The alerts and the dashboard are only as good as the names in them: this scrapes the services of
 * a running suite and finds every metric they read served, with the type they read it as.
 */
let suite: RunningSuite;
/** Each metric family a service serves (`# TYPE name type`), by service. */
const served = new Map<string, Map<string, string>>();

beforeAll(async () => {
  suite = await startSuite();
  const gatewayPort = Number(new URL(suite.baseUrl).port);
  for (const service of services) {
    const res = await fetch(`http://127.0.0.1:${gatewayPort + service.portOffset}/metrics`);
    expect(res.status).toBe(200);
    const families = new Map<string, string>();
    for (const [, name, type] of (await res.text()).matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(name!, type!);
    served.set(service.name, families);
  }
}, 180_000);
afterAll(() => suite?.stop(), 60_000);

const servedBy = (metric: string) => [...served].filter(([, families]) => families.has(metric)).map(([service]) => service);

describe('the metrics the monitoring reads', () => {
  it('when the alerts and the dashboard are rendered, then they read metrics at all', () => {
    expect(metricsUsed(renderWithComponents('prod').docs).size).toBeGreaterThan(10);
  });

  it.each(METRIC_NAMES)('when the suite runs, then some service serves %s, as the type the monitoring reads it as', (metric: MetricName) => {
    const servers = servedBy(metric);
    expect({ metric, servers: servers.length > 0 }).toEqual({ metric, servers: true });
    for (const service of servers) expect({ service, type: served.get(service)!.get(metric) }).toEqual({ service, type: METRICS[metric].type });
  });

  it('when the alerts and the dashboard name a metric, then it is one of those', () => {
    const unknown = [...metricsUsed(renderWithComponents('prod').docs)].filter((metric) => !(metric in METRICS) || servedBy(metric).length === 0);
    expect(unknown).toEqual([]);
  });
});
