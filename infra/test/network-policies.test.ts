import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { OVERLAY_EXPECTATIONS } from './support/checks';
import { networkPaths } from './support/network-paths';
import { evaluate, explain, networkPoliciesOf, type Connection, type Pod } from './support/network-policy';
import { renderOverlay, renderWithComponents } from './support/render';
import { overlays, type OverlayName } from './support/repo';

const pod = (name: string, labels: Record<string, string>, extra: Partial<Pod> = {}): Pod => ({ kind: 'pod', name, namespace: 'shop', labels, ...extra });
const web = pod('web', { app: 'web' }, { ip: '10.244.0.2', ports: [{ name: 'http', containerPort: 8080 }] });
const api = pod('api', { app: 'api' }, { ip: '10.244.0.3', ports: [{ name: 'http', containerPort: 3000 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
const db = pod('db', { app: 'db' }, { ip: '10.244.0.4', ports: [{ name: 'postgres', containerPort: 5432 }] });

const policy = (name: string, spec: INetworkPolicy['spec'], namespace = 'shop'): INetworkPolicy => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const tcp = (from: Connection['from'], to: Connection['to'], port: number): Connection => ({ from, to, port, protocol: 'TCP' });
const allowed = (policies: INetworkPolicy[], connection: Connection) => evaluate(policies, connection).allowed;

const onlyApiToDb = policy('db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }] });

describe('the NetworkPolicy evaluator, given hand-written policies', () => {
  it('when no policy selects either pod, then every connection is allowed', () => {
    expect(allowed([], tcp(web, db, 5432))).toBe(true);
  });

  it('when an ingress policy selects the receiver, then only the sources and ports its rules name get in', () => {
    expect(allowed([onlyApiToDb], tcp(api, db, 5432))).toBe(true);
    expect(allowed([onlyApiToDb], tcp(web, db, 5432))).toBe(false);
    expect(allowed([onlyApiToDb], tcp(api, db, 5433))).toBe(false);
  });

  it('when the receiver lets a connection in but the sender is isolated for egress without a matching rule, then it is denied', () => {
    const apiEgressToDns = policy('api-egress', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] });

    const verdict = evaluate([onlyApiToDb, apiEgressToDns], tcp(api, db, 5432));

    expect(verdict).toEqual({ allowed: false, egress: { allowed: false, selectedBy: ['api-egress'], allowedBy: [] }, ingress: { allowed: true, selectedBy: ['db'], allowedBy: ['db'] } });
  });

  it('when policyTypes is left out, then a policy isolates ingress, and egress too only if it has egress rules', () => {
    const noRules = policy('no-rules', { podSelector: {} });
    const withEgress = policy('with-egress', { podSelector: {}, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] });

    expect(allowed([noRules], tcp(web, { kind: 'external', ip: '1.2.3.4' }, 443))).toBe(true);
    expect(allowed([noRules], tcp(web, api, 3000))).toBe(false);
    expect(allowed([withEgress], tcp(web, { kind: 'external', ip: '1.2.3.4' }, 443))).toBe(false);
  });

  it('when a peer holds a namespaceSelector and a podSelector, then it matches pods matching both; as two peers, pods matching either', () => {
    const controller = pod('controller', { app: 'controller' }, { namespace: 'edge' });
    const otherInEdge = pod('other', { app: 'other' }, { namespace: 'edge' });
    const lookalike = pod('lookalike', { app: 'controller' }, { namespace: 'elsewhere' });
    const edge = { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } };
    const isController = { matchLabels: { app: 'controller' } };
    const onePeer = policy('one-peer', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: edge, podSelector: isController }] }] });
    const twoPeers = policy('two-peers', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: edge }, { podSelector: isController }] }] });

    expect([controller, otherInEdge, lookalike].map((source) => allowed([onePeer], tcp(source, web, 8080)))).toEqual([true, false, false]);
    // podSelector alone means the policy's own namespace: the look-alike elsewhere stays out.
    expect([controller, otherInEdge, lookalike].map((source) => allowed([twoPeers], tcp(source, web, 8080)))).toEqual([true, true, false]);
    expect(allowed([twoPeers], tcp(pod('shop-controller', { app: 'controller' }), web, 8080))).toBe(true);
  });

  it("when a policy lives in another namespace, then it does not select this namespace's pods", () => {
    expect(allowed([policy('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, 'other')], tcp(web, db, 5432))).toBe(true);
  });

  it("when a port is named, then it is the receiver's container port of that name and protocol; endPort opens a range", () => {
    const named = policy('named', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http' }, { protocol: 'UDP', port: 'dns' }] }] });
    const range = policy('range', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 5000, endPort: 5432 }] }] });

    expect(allowed([named], tcp(web, api, 3000))).toBe(true);
    expect(allowed([named], tcp(api, web, 3000))).toBe(false);
    expect(allowed([named], tcp(web, api, 53))).toBe(false);
    expect(allowed([named], { from: web, to: api, port: 53, protocol: 'UDP' })).toBe(true);
    expect([4999, 5000, 5432, 5433].map((port) => allowed([range], tcp(web, db, port)))).toEqual([false, true, true, false]);
  });

  it('when an ipBlock has exceptions, then addresses inside them, of pods too, are not matched, in IPv4 and IPv6', () => {
    const internet = policy('internet', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }, { ipBlock: { cidr: '::/0', except: ['fc00::/7'] } }] }],
    });
    const to = (ip: string) => allowed([internet], tcp(web, { kind: 'external', ip }, 443));

    expect([to('1.2.3.4'), to('10.1.2.3'), to('2600:1f18::1'), to('fd00::1')]).toEqual([true, false, true, false]);
    expect(allowed([internet], tcp(web, db, 5432))).toBe(false);
    expect(allowed([internet], tcp(web, { ...db, ip: '203.0.113.9' }, 5432))).toBe(true);
  });
});

const rendered = Object.fromEntries(overlays.map((overlay) => [overlay, renderOverlay(overlay).docs])) as Record<OverlayName, ReturnType<typeof renderOverlay>['docs']>;

describe.each(overlays)("the %s overlay's NetworkPolicies", (overlay) => {
  const docs = rendered[overlay];
  const paths = networkPaths(docs, { tls: OVERLAY_EXPECTATIONS[overlay].tls });

  const cases = paths.map((path) => [`${path.description} (${path.connection.port}/${path.connection.protocol})`, path.expected, path] as const);
  it.each(cases)('when %s is tried, then it is %s', (_title, expected, path) => {
    const verdict = evaluate(networkPoliciesOf(docs), path.connection);
    expect(explain(path.connection, verdict)).toMatch(new RegExp(`^${expected}:`));
  });
});

const renderedWithComponents = Object.fromEntries(overlays.map((overlay) => [overlay, renderWithComponents(overlay).docs])) as typeof rendered;

describe.each(overlays)("the %s overlay's NetworkPolicies with the observability component", (overlay) => {
  const docs = renderedWithComponents[overlay];
  const paths = networkPaths(docs, { tls: OVERLAY_EXPECTATIONS[overlay].tls, traces: true });

  const cases = paths.map((path) => [`${path.description} (${path.connection.port}/${path.connection.protocol})`, path.expected, path] as const);
  it.each(cases)('when %s is tried, then it is %s', (_title, expected, path) => {
    const verdict = evaluate(networkPoliciesOf(docs), path.connection);
    expect(explain(path.connection, verdict)).toMatch(new RegExp(`^${expected}:`));
  });
});

describe('the dev and prod overlays', () => {
  it("when their NetworkPolicies are compared, then they are the same, but for prod's way in for cert-manager's solver and the routes between its NATS servers", () => {
    const byName = (overlay: OverlayName) => Object.fromEntries(networkPoliciesOf(rendered[overlay]).map((p) => [p.metadata.name, p.spec]));
    const { 'acme-http01-solver': solver, 'nats-cluster': routes, ...prod } = byName('prod');

    expect(prod).toEqual(byName('dev'));
    expect(solver).toBeDefined();
    expect(routes).toBeDefined();
  });
});
