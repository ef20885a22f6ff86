/**
 * Who may talk to whom, as the brief and the services need it: every path that must be open and a
 * set of paths that must stay shut, over the pods of a rendered overlay and the pods around it that
 * the manifests select but do not contain (the ingress controller, the cluster DNS, Prometheus,
 * cert-manager's solver, strangers).
 */
import { busServices } from '../../../common/src/bus/permissions';
import { resolveContainerEnv } from './env';
import { containersOf, podLabels, workloads, type Manifest, type Workload } from './manifests';
import { evaluate, explain, networkPoliciesOf, type Connection, type Endpoint, type Pod, type Protocol } from './network-policy';
import { NAMESPACE } from './repo';
import { COLLECTOR, JAEGER } from './services';

/** Pod addresses come from kind's default pod range, so that ipBlock rules meet pods as they would there. */
const POD_RANGE = '10.244';

export function podOfWorkload(w: Workload, ip?: string): Pod {
  return {
    kind: 'pod',
    name: w.name,
    namespace: w.doc.metadata.namespace ?? 'default',
    labels: podLabels(w),
    ports: containersOf(w).flatMap((c) => c.ports ?? []),
    ip,
  };
}

/** The pods of the overlay by workload name, each with an address of its own. */
function podsOf(docs: Manifest[]): Map<string, Pod> {
  return new Map(workloads(docs).map((w, i) => [w.name, podOfWorkload(w, `${POD_RANGE}.0.${10 + i}`)]));
}

const outsider = (name: string, namespace: string, labels: Record<string, string>, ip: string, ports: Pod['ports'] = []): Pod => ({ kind: 'pod', name, namespace, labels, ip, ports });

/**
 * Where the web app's server-side calls go: the ingress controller's Service named by API_URL
 * (`<service>.<namespace>.svc…`). ingress-nginx's Service maps its port to the same port on the
 * controller's pods, which is what policies see.
 */
export function ingressControllerFromApiUrl(docs: Manifest[]): { namespace: string; port: number } {
  const client = workloads(docs).find((w) => w.kind === 'Deployment' && w.name === 'client');
  const container = client ? containersOf(client)[0] : undefined;
  const raw = container ? resolveContainerEnv(container, docs, new Map()).env.API_URL : undefined;
  if (!raw) throw new Error('the client Deployment has no API_URL');
  const url = new URL(raw);
  const namespace = url.hostname.split('.')[1];
  if (!namespace) throw new Error(`API_URL ${raw} does not name a Service in another namespace (<service>.<namespace>.svc…)`);
  return { namespace, port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80 };
}

/** ingress-nginx's controller pod, labelled as its official manifests and Helm chart label it. */
export const ingressControllerPod = (namespace: string): Pod =>
  outsider('ingress-nginx-controller', namespace, { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }, `${POD_RANGE}.1.10`, [
    { name: 'http', containerPort: 80 },
    { name: 'https', containerPort: 443 },
    { name: 'webhook', containerPort: 8443 },
  ]);

export const KUBE_DNS = outsider('coredns', 'kube-system', { 'k8s-app': 'kube-dns' }, `${POD_RANGE}.1.2`, [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  { name: 'metrics', containerPort: 9153 },
]);

export const PROMETHEUS = outsider('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }, `${POD_RANGE}.2.5`);

/** cert-manager's HTTP-01 solver, started beside the Ingress while a certificate is issued. */
export const ACME_SOLVER = outsider('cm-acme-http-solver', NAMESPACE, { 'acme.cert-manager.io/http01-solver': 'true' }, `${POD_RANGE}.0.200`, [{ name: 'http', containerPort: 8089 }]);

/** Any pod of another namespace. */
export const STRANGER = outsider('stranger', 'default', { app: 'stranger' }, `${POD_RANGE}.3.7`, [{ name: 'https', containerPort: 443 }]);

/** A pod added to the namespace later, which no policy names yet. */
export const NEWCOMER = outsider('newcomer', NAMESPACE, { app: 'newcomer' }, `${POD_RANGE}.0.201`, [{ name: 'http', containerPort: 3000 }]);

const internet = (ip: string): Endpoint => ({ kind: 'external', ip });

export interface NetworkPath {
  description: string;
  connection: Connection;
  expected: 'allowed' | 'denied';
}

const namedPort = (pod: Pod, name: string): number => {
  const port = pod.ports?.find((p) => p.name === name)?.containerPort;
  if (port === undefined) throw new Error(`${pod.name} exposes no port named ${name}`);
  return port;
};
const httpPort = (pod: Pod) => namedPort(pod, 'http');

const API_SERVICES = ['auth', 'tickets', 'orders', 'payments', 'notifications'];
/** Processes of an API service beside it, on its database and as its NATS user, with no API of their own. */
const WORKERS = [{ name: 'orders-worker', of: 'orders' }];
/** The pods of tier service: they carry prometheus.io/scrape, and send spans when traces are on. */
const SERVICE_TIER = ['auth', 'tickets', 'orders', 'orders-worker', 'payments', 'expiration', 'notifications'];
/** SMTP, submission with STARTTLS and implicit TLS: the ports an SMTP_URL may name. */
const SMTP_PORTS = [25, 587, 465];

export interface PathOptions {
  /** The overlay serves TLS, so cert-manager's solver must get in. */
  tls: boolean;
  /** The overlay has the observability component: the services send spans to the collector, it to Jaeger. */
  traces?: boolean;
}

/** Every path the system needs, and the paths it must not have, in this overlay. */
export function networkPaths(docs: Manifest[], options: PathOptions): NetworkPath[] {
  const pods = podsOf(docs);
  const pod = (name: string): Pod => {
    const found = pods.get(name);
    if (!found) throw new Error(`no workload ${name} in the rendered overlay`);
    return found;
  };
  const controller = ingressControllerFromApiUrl(docs);
  const ingress = ingressControllerPod(controller.namespace);
  const paths: NetworkPath[] = [];
  const expecting =
    (expected: NetworkPath['expected']) =>
    (description: string, from: Endpoint, to: Endpoint, port: number, protocol: Protocol = 'TCP') =>
      paths.push({ description, expected, connection: { from, to, port, protocol } });
  const allow = expecting('allowed');
  const deny = expecting('denied');

  for (const name of ['client', ...API_SERVICES]) allow(`the ingress controller → ${name}`, ingress, pod(name), httpPort(pod(name)));
  allow('client (server-side rendering) → the ingress controller named by API_URL', pod('client'), ingress, controller.port);
  for (const name of API_SERVICES) allow(`${name} → ${name}-postgres`, pod(name), pod(`${name}-postgres`), 5432);
  // Every NATS user of bus/permissions.ts but the operator's, which is a person at a terminal.
  for (const name of busServices) allow(`${name} → nats`, pod(name), pod('nats'), 4222);
  for (const worker of WORKERS) {
    allow(`${worker.name} → ${worker.of}-postgres`, pod(worker.name), pod(`${worker.of}-postgres`), 5432);
    allow(`${worker.name} → nats`, pod(worker.name), pod('nats'), 4222);
    deny(`the ingress controller → ${worker.name}`, ingress, pod(worker.name), httpPort(pod(worker.name)));
    deny(`${worker.of} → ${worker.name} (it serves probes and metrics only)`, pod(worker.of), pod(worker.name), httpPort(pod(worker.name)));
  }
  // A NATS cluster (the prod overlay): its servers route to each other on the cluster port, which
  // joins whoever reaches it to the cluster, so nobody else may.
  const routes = pod('nats').ports?.find((p) => p.name === 'cluster')?.containerPort;
  if (routes !== undefined) {
    allow('nats → nats, the routes between the servers', pod('nats'), pod('nats'), routes);
    deny('orders → nats, the routes between the servers', pod('orders'), pod('nats'), routes);
    deny('a pod of another namespace → nats, the routes between the servers', STRANGER, pod('nats'), routes);
  }
  allow('expiration → redis', pod('expiration'), pod('redis'), 6379);
  allow('payments → Stripe (a public address)', pod('payments'), internet('1.2.3.4'), 443);
  allow('payments → Stripe (a public IPv6 address)', pod('payments'), internet('2600:1f18::1'), 443);
  for (const port of SMTP_PORTS) {
    allow('notifications → an SMTP server (a public address)', pod('notifications'), internet('1.2.3.4'), port);
    allow('notifications → an SMTP server (a public IPv6 address)', pod('notifications'), internet('2600:1f18::1'), port);
  }
  for (const w of pods.values()) {
    allow(`${w.name} → kube-dns`, w, KUBE_DNS, 53, 'UDP');
    allow(`${w.name} → kube-dns`, w, KUBE_DNS, 53, 'TCP');
  }
  for (const name of SERVICE_TIER) allow(`Prometheus → ${name} /metrics`, PROMETHEUS, pod(name), httpPort(pod(name)));
  // Only an overlay with TLS has cert-manager issue a certificate; elsewhere nothing opens the solver.
  expecting(options.tls ? 'allowed' : 'denied')("the ingress controller → cert-manager's HTTP-01 solver", ingress, ACME_SOLVER, 8089);

  deny('tickets → orders-postgres', pod('tickets'), pod('orders-postgres'), 5432);
  deny('payments → orders-postgres', pod('payments'), pod('orders-postgres'), 5432);
  deny('client → auth-postgres', pod('client'), pod('auth-postgres'), 5432);
  deny('client → auth, around the ingress', pod('client'), pod('auth'), httpPort(pod('auth')));
  deny('client → nats', pod('client'), pod('nats'), 4222);
  deny('tickets → redis', pod('tickets'), pod('redis'), 6379);
  deny('the ingress controller → expiration', ingress, pod('expiration'), httpPort(pod('expiration')));
  deny('the ingress controller → nats', ingress, pod('nats'), 4222);
  for (const name of ['orders', 'orders-worker', 'auth', 'client', 'tickets', 'expiration', 'notifications']) deny(`${name} → the internet`, pod(name), internet('1.2.3.4'), 443);
  deny('payments → the internet, SMTP', pod('payments'), internet('1.2.3.4'), 25);
  deny('notifications → a private address, SMTP', pod('notifications'), internet('192.168.1.25'), 587);
  deny('notifications → the cloud metadata endpoint', pod('notifications'), internet('169.254.169.254'), 25);
  deny('notifications → a pod of another namespace, SMTP', pod('notifications'), { ...STRANGER, ports: [{ name: 'smtp', containerPort: 25 }] }, 25);
  deny('payments → the cloud metadata endpoint', pod('payments'), internet('169.254.169.254'), 443);
  deny('payments → a pod of another namespace', pod('payments'), STRANGER, 443);
  deny('tickets → a DNS server of another namespace', pod('tickets'), { ...STRANGER, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }, 53, 'UDP');
  deny('a pod of another namespace → auth', STRANGER, pod('auth'), httpPort(pod('auth')));
  deny('a pod of another namespace labelled like the ingress controller → auth', { ...ingressControllerPod('default'), name: 'impostor' }, pod('auth'), httpPort(pod('auth')));
  deny("another pod of the ingress controller's namespace → auth", outsider('other', controller.namespace, { app: 'other' }, `${POD_RANGE}.1.11`), pod('auth'), httpPort(pod('auth')));
  deny('Prometheus → client (it declares no metrics)', PROMETHEUS, pod('client'), httpPort(pod('client')));
  deny('Prometheus → orders-postgres', PROMETHEUS, pod('orders-postgres'), 5432);
  deny('a pod of another namespace → a new pod of the namespace that no policy names', STRANGER, NEWCOMER, 3000);
  deny('a new pod of the namespace → the internet', NEWCOMER, internet('1.2.3.4'), 443);
  if (options.traces) {
    const collector = pod(COLLECTOR);
    const jaeger = pod(JAEGER);
    for (const name of SERVICE_TIER) {
      allow(`${name} → ${COLLECTOR}, OTLP/HTTP`, pod(name), collector, namedPort(collector, 'otlp-http'));
      allow(`${name} → ${COLLECTOR}, OTLP/gRPC`, pod(name), collector, namedPort(collector, 'otlp-grpc'));
    }
    allow(`${COLLECTOR} → ${JAEGER}, OTLP/gRPC`, collector, jaeger, namedPort(jaeger, 'otlp-grpc'));
    deny(`client → ${COLLECTOR} (the web app sends no spans)`, pod('client'), collector, namedPort(collector, 'otlp-http'));
    deny(`orders → ${JAEGER}, around the collector`, pod('orders'), jaeger, namedPort(jaeger, 'otlp-grpc'));
    deny(`a pod of another namespace → ${JAEGER}'s UI`, STRANGER, jaeger, namedPort(jaeger, 'query'));
    deny(`a pod of another namespace → ${COLLECTOR}`, STRANGER, collector, namedPort(collector, 'otlp-http'));
    deny(`Prometheus → ${JAEGER}`, PROMETHEUS, jaeger, namedPort(jaeger, 'query'));
  }
  return paths;
}

/** Each path whose verdict under the overlay's NetworkPolicies is not the expected one, and why. */
export function checkNetworkPaths(docs: Manifest[], options: PathOptions): string[] {
  const policies = networkPoliciesOf(docs);
  let paths: NetworkPath[];
  try {
    paths = networkPaths(docs, options);
  } catch (err) {
    return [`network: the paths cannot be followed: ${(err as Error).message}`];
  }
  return paths.flatMap(({ description, connection, expected }) => {
    const verdict = evaluate(policies, connection);
    const actual = verdict.allowed ? 'allowed' : 'denied';
    return actual === expected ? [] : [`network: ${description} (${connection.port}/${connection.protocol}) is ${explain(connection, verdict)}; expected ${expected}`];
  });
}
