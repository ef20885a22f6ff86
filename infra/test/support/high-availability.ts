/**
 * What keeps a workload of several replicas serving through the loss of a node or a zone, and
 * through a node drain: its pods spread over nodes and zones, and a PodDisruptionBudget that lets a
 * drain take some of them, never all.
 */
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { autoscalerOf, ofKind, podLabels, ref, selects, workloads, type Manifest, type Workload } from './manifests';

export const HOSTNAME = 'kubernetes.io/hostname';
export const ZONE = 'topology.kubernetes.io/zone';

export interface Replicated {
  workload: Workload;
  /** The fewest replicas it runs: its own count, or its HorizontalPodAutoscaler's minimum. */
  replicas: number;
}

/** The workloads that run more than one replica, by their own count or their autoscaler's minimum. */
export function replicatedWorkloads(docs: Manifest[]): Replicated[] {
  const hpas = ofKind<IHorizontalPodAutoscaler>(docs, 'HorizontalPodAutoscaler');
  return workloads(docs).flatMap((w) => {
    const hpa = autoscalerOf(hpas, w);
    const replicas = hpa ? (hpa.spec?.minReplicas ?? 1) : (w.replicas ?? 1);
    return replicas > 1 ? [{ workload: w, replicas }] : [];
  });
}

/** A PDB's count as Kubernetes scales it: a percentage of the replicas, rounded up. */
function scaled(value: number | string, replicas: number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : Number(value);
}

/**
 * How many pods a drain may take at once under `budget` when `replicas` run: 0 blocks every drain,
 * `replicas` protects nothing.
 */
export function disruptionsAllowed(budget: IPodDisruptionBudget, replicas: number): number | undefined {
  const { maxUnavailable, minAvailable } = budget.spec ?? {};
  if (maxUnavailable !== undefined) return Math.min(replicas, scaled(maxUnavailable, replicas));
  if (minAvailable !== undefined) return Math.max(0, replicas - scaled(minAvailable, replicas));
  return undefined;
}

/**
 * Every workload of several replicas has:
 * - exactly one PodDisruptionBudget over its pods (the eviction API refuses pods under two), which
 *   lets a drain take at least one and at most all but one of them;
 * - a topology spread over nodes, and one over zones that never blocks scheduling (ScheduleAnyway:
 *   a cluster in one zone, or short of room in one, still runs every replica), each counting its own
 *   pods and nobody else's.
 */
export function checkHighAvailability(docs: Manifest[]): string[] {
  const budgets = ofKind<IPodDisruptionBudget>(docs, 'PodDisruptionBudget');
  const all = workloads(docs);
  return replicatedWorkloads(docs).flatMap(({ workload: w, replicas }) => {
    const where = `${w.kind}/${w.name} (${replicas} replicas)`;
    const labels = podLabels(w);
    const problems: string[] = [];

    const over = budgets.filter((b) => selects(b.spec?.selector, labels));
    if (over.length === 0) problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    if (over.length > 1) problems.push(`${where}: ${over.map(ref).join(' and ')} both select its pods, and the eviction API refuses such pods`);
    for (const budget of over) {
      const allowed = disruptionsAllowed(budget, replicas);
      if (allowed === undefined) problems.push(`${ref(budget)}: neither maxUnavailable nor minAvailable`);
      else if (allowed < 1) problems.push(`${ref(budget)}: lets no pod of ${w.name} go, so every node drain blocks`);
      else if (allowed >= replicas) problems.push(`${ref(budget)}: lets every pod of ${w.name} go at once`);
    }

    const constraints = w.template.spec?.topologySpreadConstraints ?? [];
    const spreadOver = (key: string) => constraints.filter((c) => c.topologyKey === key);
    if (spreadOver(HOSTNAME).length === 0) problems.push(`${where}: no topologySpreadConstraint over ${HOSTNAME}: its replicas may share a node`);
    const zones = spreadOver(ZONE);
    if (zones.length === 0) problems.push(`${where}: no topologySpreadConstraint over ${ZONE}: its replicas may share a zone`);
    for (const zone of zones) {
      if (zone.whenUnsatisfiable !== 'ScheduleAnyway') problems.push(`${where}: its spread over ${ZONE} is ${zone.whenUnsatisfiable}, which leaves replicas unscheduled in a cluster of one zone`);
    }
    for (const c of constraints) {
      // Without a labelSelector a constraint counts no pod, and spreads nothing.
      if (!c.labelSelector || !selects(c.labelSelector, labels)) {
        problems.push(`${where}: its spread over ${c.topologyKey} does not count its own pods`);
      }
      const others = all.filter((o) => (o.kind !== w.kind || o.name !== w.name) && c.labelSelector && selects(c.labelSelector, podLabels(o)));
      if (others.length > 0) problems.push(`${where}: its spread over ${c.topologyKey} also counts the pods of ${others.map((o) => o.name).join(', ')}`);
    }
    return problems;
  });
}
