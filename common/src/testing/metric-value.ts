import type { Registry } from 'prom-client';

/**
 * The sum of a counter's or gauge's series whose labels include `labels` (all of them when none is
 * given), read the way a scrape reads it: a gauge collects first. Fails if the metric is not
 * registered, so a misspelt name cannot pass as a count of 0.
 */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name} in this registry`);
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([label, expected]) => value.labels[label] === expected))
    .reduce((sum, value) => sum + value.value, 0);
}
