import path from 'node:path';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { brokenCopy, copyWithout, type Loose } from './support/broken';
import { checkHighAvailability, HOSTNAME, replicatedWorkloads, ZONE } from './support/high-availability';
import { ofKind, workloads, type Manifest } from './support/manifests';
import { renderDirectory, renderOverlay } from './support/render';
import { k8sDir } from './support/repo';

const replicated = (docs: Manifest[]) =>
  replicatedWorkloads(docs)
    .map(({ workload, replicas }) => `${workload.kind}/${workload.name}: ${replicas}`)
    .sort();

const spreadOf = (doc: Loose) => doc.spec.template.spec.topologySpreadConstraints as { topologyKey: string; whenUnsatisfiable: string; labelSelector?: unknown }[];

describe('the prod overlay at scale', () => {
  let docs: Manifest[];

  beforeAll(() => {
    ({ docs } = renderOverlay('prod'));
  }, 60_000);

  it('when the replicas are counted, then the seven services and the orders worker run at least two (their autoscalers) and NATS three servers', () => {
    expect(replicated(docs)).toEqual([
      'Deployment/auth: 2',
      'Deployment/client: 2',
      'Deployment/expiration: 2',
      'Deployment/notifications: 2',
      'Deployment/orders-worker: 2',
      'Deployment/orders: 2',
      'Deployment/payments: 2',
      'Deployment/tickets: 2',
      'StatefulSet/nats: 3',
    ]);
  });

  it('when each of them is checked, then one PodDisruptionBudget lets a drain take one pod at a time, and its pods spread over nodes and, where they can, zones', () => {
    expect(checkHighAvailability(docs)).toEqual([]);
    for (const { workload } of replicatedWorkloads(docs)) {
      const keys = (workload.template.spec?.topologySpreadConstraints ?? []).map((c) => `${c.topologyKey} ${c.whenUnsatisfiable}`);
      expect({ workload: workload.name, keys }).toEqual({ workload: workload.name, keys: expect.arrayContaining([expect.stringMatching(new RegExp(`^${HOSTNAME} `)), `${ZONE} ScheduleAnyway`]) });
    }
  });

  it("when NATS' budget is dropped, then the check names the StatefulSet", () => {
    const without = copyWithout(docs, 'PodDisruptionBudget', 'nats');
    expect(checkHighAvailability(without)).toEqual(['StatefulSet/nats (3 replicas): no PodDisruptionBudget selects its pods']);
  });

  it('when a budget lets no pod go, or every pod, then the check says which', () => {
    const none = brokenCopy(docs, 'PodDisruptionBudget', 'auth', (d) => (d.spec.maxUnavailable = 0));
    const all = brokenCopy(docs, 'PodDisruptionBudget', 'orders', (d) => {
      delete d.spec.maxUnavailable;
      d.spec.minAvailable = '0%';
    });
    expect(checkHighAvailability(none)).toEqual(['PodDisruptionBudget/auth: lets no pod of auth go, so every node drain blocks']);
    expect(checkHighAvailability(all)).toEqual(['PodDisruptionBudget/orders: lets every pod of orders go at once']);
  });

  it('when a second budget selects the same pods, then the check names both, as the eviction API would refuse them', () => {
    const twice = structuredClone(docs);
    const second = structuredClone(ofKind<IPodDisruptionBudget>(twice, 'PodDisruptionBudget').find((b) => b.metadata.name === 'payments')!);
    twice.push({ ...second, metadata: { ...second.metadata, name: 'payments-again' } });
    expect(checkHighAvailability(twice)).toEqual([
      'Deployment/payments (2 replicas): PodDisruptionBudget/payments and PodDisruptionBudget/payments-again both select its pods, and the eviction API refuses such pods',
    ]);
  });

  it('when a spread over zones is dropped, made strict, or made to count every pod of the system, then the check names it', () => {
    const noZone = brokenCopy(docs, 'Deployment', 'orders', (d) => void spreadOf(d).splice(spreadOf(d).findIndex((c) => c.topologyKey === ZONE), 1));
    const strict = brokenCopy(docs, 'Deployment', 'tickets', (d) => (spreadOf(d).find((c) => c.topologyKey === ZONE)!.whenUnsatisfiable = 'DoNotSchedule'));
    const everyone = brokenCopy(docs, 'Deployment', 'client', (d) => (spreadOf(d).find((c) => c.topologyKey === HOSTNAME)!.labelSelector = { matchLabels: { 'app.kubernetes.io/part-of': 'ticketing' } }));

    expect(checkHighAvailability(noZone)).toEqual([`Deployment/orders (2 replicas): no topologySpreadConstraint over ${ZONE}: its replicas may share a zone`]);
    expect(checkHighAvailability(strict)).toEqual([`Deployment/tickets (2 replicas): its spread over ${ZONE} is DoNotSchedule, which leaves replicas unscheduled in a cluster of one zone`]);
    expect(checkHighAvailability(everyone)).toEqual([expect.stringMatching(new RegExp(`^Deployment/client \\(2 replicas\\): its spread over ${HOSTNAME} also counts the pods of auth, .*nats`))]);
  });

  it('when the servers of NATS lose their spread over nodes, then the check names it', () => {
    const together = brokenCopy(docs, 'StatefulSet', 'nats', (d) => (d.spec.template.spec.topologySpreadConstraints = spreadOf(d).filter((c) => c.topologyKey !== HOSTNAME)));
    expect(checkHighAvailability(together)).toEqual([`StatefulSet/nats (3 replicas): no topologySpreadConstraint over ${HOSTNAME}: its replicas may share a node`]);
  });
});

describe('the dev overlay', () => {
  let docs: Manifest[];
  let base: Manifest[];

  beforeAll(() => {
    ({ docs } = renderOverlay('dev'));
    ({ docs: base } = renderDirectory(path.join(k8sDir, 'base')));
  }, 60_000);

  it('when the replicas are counted, then nothing runs more than one, so nothing is asked of it', () => {
    expect(replicated(docs)).toEqual([]);
    expect(checkHighAvailability(docs)).toEqual([]);
  });

  it("when its budgets and spreads are compared with the base's, then they are the same: the prod overlay's additions stay in prod", () => {
    const budgets = (d: Manifest[]) => Object.fromEntries(ofKind<IPodDisruptionBudget>(d, 'PodDisruptionBudget').map((b) => [b.metadata.name, b.spec]));
    const spreads = (d: Manifest[]) => Object.fromEntries(workloads(d).map((w) => [`${w.kind}/${w.name}`, w.template.spec?.topologySpreadConstraints ?? []]));

    expect(budgets(docs)).toEqual(budgets(base));
    expect(spreads(docs)).toEqual(spreads(base));
    expect(Object.keys(budgets(docs))).not.toContain('nats');
  });
});
