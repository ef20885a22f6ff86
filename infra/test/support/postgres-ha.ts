/**
 * The postgres-ha-<service> components: a service's PostgreSQL as a CloudNativePG Cluster. What the
 * offline checks know of CloudNativePG: the Cluster's schema (infra/schemas/cnpg, the operator's
 * CRD), and the pods, Services and Secret the operator makes from a Cluster, as CloudNativePG 1.30
 * makes them (pkg/specs/pods.go, services.go, secrets.go).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import { appContainer, appDeployment } from './checks';
import { resolveContainerEnv } from './env';
import { HOSTNAME, ZONE } from './high-availability';
import { containersOf, find, ref, selects, serviceName, workloads, type Manifest, type Workload } from './manifests';
import { KUBE_DNS, podOfWorkload, STRANGER } from './network-paths';
import { evaluate, explain, networkPoliciesOf, type Connection, type Pod } from './network-policy';
import { k8sDir, repoRoot } from './repo';
import type { SecretData } from './secrets';
import { APP_SERVICES, type AppService } from './services';

export const CNPG_API_VERSION = 'postgresql.cnpg.io/v1';
export const CLUSTER_SCHEMA_FILE = path.join(repoRoot, 'infra', 'schemas', 'cnpg', 'postgresql.cnpg.io_clusters.v1.json');

/** The part of a Cluster the checks read; the schema holds the rest. */
export interface Cluster extends Manifest {
  spec: {
    instances: number;
    imageName?: string;
    enablePDB?: boolean;
    inheritedMetadata?: { labels?: Record<string, string> };
    bootstrap?: { initdb?: { database?: string; owner?: string; secret?: { name: string } } };
    postgresql?: { synchronous?: { method: string; number: number } };
    topologySpreadConstraints?: { topologyKey: string; whenUnsatisfiable: string; labelSelector?: { matchLabels?: Record<string, string> } }[];
  };
}

export const clustersOf = (docs: Manifest[]): Cluster[] => docs.filter((d): d is Cluster => d.apiVersion === CNPG_API_VERSION && d.kind === 'Cluster');

/** Every postgres-ha-<service> component of infra/k8s/components, with the service it is for. */
export function postgresHaComponents(): { name: string; service: string; dir: string }[] {
  return readdirSync(path.join(k8sDir, 'components'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('postgres-ha-'))
    .map((entry) => ({ name: entry.name, service: entry.name.slice('postgres-ha-'.length), dir: path.join(k8sDir, 'components', entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Keywords of Kubernetes' structural schemas: they guide the API server's merging and CEL, and constrain nothing JSON Schema can check. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
];

type SchemaNode = { [keyword: string]: unknown };

/**
 * The schema as the API server applies it: an object schema that lists its properties and neither
 * allows others nor preserves unknown fields drops any other field (and with strict field
 * validation, kubectl's default since 1.27, refuses it). For JSON Schema that is
 * `additionalProperties: false`, added wherever the CRD leaves it implied.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const schema = Object.fromEntries(Object.entries(node as SchemaNode).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as SchemaNode).map(([p, s]) => [p, closed(s)])) : closed(v)]));
  if (schema.properties && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) schema.additionalProperties = false;
  return schema;
}

const problemOf = (e: ErrorObject) => (e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}: unknown field` : `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);

let validateCluster: ((doc: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** A Cluster's problems against CloudNativePG's own schema of it, unknown fields included; none when it is valid. */
export function checkClusterSchema(doc: Manifest): string[] {
  if (!validateCluster) {
    // strictTypes would want `type` beside every keyword; a CRD's schema leaves it to the enclosing node.
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    ajv.addVocabulary(KUBERNETES_KEYWORDS);
    // The formats the CRD names, as Kubernetes reads them.
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
    validateCluster = ajv.compile(closed(JSON.parse(readFileSync(CLUSTER_SCHEMA_FILE, 'utf8'))) as AnySchema);
  }
  if (doc.apiVersion !== CNPG_API_VERSION || doc.kind !== 'Cluster') return [`${ref(doc)}: not a ${CNPG_API_VERSION} Cluster`];
  return validateCluster(doc) ? [] : (validateCluster.errors ?? []).map((e) => `${ref(doc)}: ${problemOf(e)}`);
}

/** The operator's read-write Service of a Cluster: it selects the primary, wherever it runs. */
export const readWriteService = (cluster: Cluster) => `${cluster.metadata.name}-rw`;

/** The Secret the operator generates for the database's owner, unless bootstrap.initdb.secret names one. */
export const appSecret = (cluster: Cluster) => cluster.spec.bootstrap?.initdb?.secret?.name ?? `${cluster.metadata.name}-app`;

/** The keys of that Secret, with values of the operator's shape: a password of 64 letters and digits. */
export function appSecretData(cluster: Cluster): Record<string, string> {
  const owner = cluster.spec.bootstrap?.initdb?.owner ?? 'app';
  const database = cluster.spec.bootstrap?.initdb?.database ?? 'app';
  const password = `${'Ab3'.repeat(21)}Z`;
  const host = readWriteService(cluster);
  return { username: owner, password, host, port: '5432', dbname: database, uri: `postgresql://${owner}:${password}@${host}.${cluster.metadata.namespace}:5432/${database}` };
}

/** The ports of an instance's container: PostgreSQL, the exporter's metrics, the instance manager's status. */
export const INSTANCE_PORTS = [
  { name: 'postgresql', containerPort: 5432 },
  { name: 'metrics', containerPort: 9187 },
  { name: 'status', containerPort: 8000 },
];

/** The labels of an instance pod: the operator's own, and the Cluster's inheritedMetadata. */
export function instanceLabels(cluster: Cluster, role: 'primary' | 'replica', serial: number): Record<string, string> {
  const name = cluster.metadata.name;
  return {
    ...cluster.spec.inheritedMetadata?.labels,
    'cnpg.io/cluster': name,
    'cnpg.io/instanceName': `${name}-${serial}`,
    'cnpg.io/podRole': 'instance',
    'cnpg.io/instanceRole': role,
    role,
    'app.kubernetes.io/name': 'postgresql',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': 'database',
    'app.kubernetes.io/managed-by': 'cloudnative-pg',
  };
}

export function instancePod(cluster: Cluster, role: 'primary' | 'replica', serial: number, ip: string): Pod {
  return { kind: 'pod', name: `${cluster.metadata.name}-${serial}`, namespace: cluster.metadata.namespace ?? 'default', labels: instanceLabels(cluster, role, serial), ports: INSTANCE_PORTS, ip };
}

/** The operator's pod, in the namespace its manifests and Helm chart install it in. */
export const CNPG_OPERATOR: Pod = {
  kind: 'pod',
  name: 'cnpg-controller-manager',
  namespace: 'cnpg-system',
  labels: { 'app.kubernetes.io/name': 'cloudnative-pg' },
  ip: '10.244.4.10',
};

/**
 * The documents with each Cluster's instance pods as a StatefulSet named after the Cluster, so that
 * the checks that follow pods between workloads (the network paths) see the pods the operator
 * runs where the base's StatefulSet ran. For those checks only: it is no manifest to apply.
 */
export function withInstancePods(docs: Manifest[]): Manifest[] {
  return [
    ...docs,
    ...clustersOf(docs).map(
      (cluster): Manifest => ({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: cluster.metadata.name, namespace: cluster.metadata.namespace },
        spec: {
          replicas: cluster.spec.instances,
          template: { metadata: { labels: instanceLabels(cluster, 'primary', 1) }, spec: { containers: [{ name: 'postgres', ports: INSTANCE_PORTS }] } },
        },
      }),
    ),
  ];
}

/** The API server as a pod's traffic meets it, past the Service kubernetes.default: a node's address, port 6443. */
const API_SERVER = { kind: 'external', ip: '172.18.0.2' } as const;

/** The major version of a PostgreSQL image: postgres:17 and …/postgresql:17.6-system-trixie are 17. */
const majorOf = (image: string | undefined) => (image ? /:(\d+)/.exec(image)?.[1] : undefined);

/** The Deployments on a service's database: its own, and the other processes of its workspace on it (the orders worker). */
export const databaseClients = (service: AppService): AppService[] =>
  APP_SERVICES.filter((s) => s.connections.some((c) => c.variable === 'DATABASE_URL' && c.service === `${service.name}-postgres`));

/**
 * A service's PostgreSQL as a CloudNativePG Cluster, against what the service and the base's single
 * server need: the Cluster valid by the operator's schema, of three instances or more over nodes and
 * zones, with a synchronous standby and the operator's disruption budgets, on the PostgreSQL major
 * the base ran; the single server and its Service gone; the DATABASE_URL of each Deployment on the
 * database at the primary's Service, as the database's owner, with the operator's password, accepted
 * by that Deployment's own config loader; and the network open to the instances for those
 * Deployments, each other and the operator only, and from them to the API server. `base` is the
 * overlay without the component.
 */
export function checkPostgresHa(docs: Manifest[], base: Manifest[], secrets: SecretData, service: AppService): string[] {
  const name = `${service.name}-postgres`;
  const clients = databaseClients(service);
  const cluster = clustersOf(docs).find((c) => c.metadata.name === name);
  if (!cluster) return [`${service.name}: no Cluster ${name}`];
  const where = ref(cluster);
  const problems = checkClusterSchema(cluster);
  const spec = cluster.spec;

  for (const kind of ['StatefulSet', 'Service']) if (find(docs, kind, name)) problems.push(`${kind}/${name}: still there beside the Cluster that replaces it`);
  if (!(spec.instances >= 3)) problems.push(`${where}: ${spec.instances} instances; a primary and two standbys outlive the loss of one`);
  if (!((spec.postgresql?.synchronous?.number ?? 0) >= 1)) problems.push(`${where}: no synchronous standby, so a failover may lose commits the service confirmed`);
  if (spec.enablePDB === false) problems.push(`${where}: enablePDB is false: nothing keeps a drain from taking the primary and a standby at once`);
  const primary = instanceLabels(cluster, 'primary', 1);
  const spreads = spec.topologySpreadConstraints ?? [];
  for (const key of [HOSTNAME, ZONE]) {
    const spread = spreads.find((c) => c.topologyKey === key);
    if (!spread) problems.push(`${where}: no topologySpreadConstraint over ${key}`);
    else if (!spread.labelSelector || !selects(spread.labelSelector, primary)) problems.push(`${where}: its spread over ${key} does not count its instances`);
    if (key === ZONE && spread && spread.whenUnsatisfiable !== 'ScheduleAnyway') problems.push(`${where}: its spread over ${ZONE} is ${spread.whenUnsatisfiable}, which leaves instances unscheduled in a cluster of one zone`);
  }
  const inherited = spec.inheritedMetadata?.labels ?? {};
  if (inherited.app !== name || inherited.tier !== 'database') {
    problems.push(`${where}: its pods are not labelled app: ${name}, tier: database (inheritedMetadata), so the base's NetworkPolicy ${name} does not let ${clients.map((c) => c.name).join(' and ')} in`);
  }
  const single = workloads(base).find((w) => w.kind === 'StatefulSet' && w.name === name);
  const was = majorOf(single && containersOf(single)[0]?.image);
  const is = majorOf(spec.imageName);
  if (is === undefined) problems.push(`${where}: no imageName with a major version: the operator's default image changes with the operator`);
  else if (is !== was) problems.push(`${where}: PostgreSQL ${is}, where the server it replaces ran ${was}`);

  const owner = spec.bootstrap?.initdb?.owner;
  const database = spec.bootstrap?.initdb?.database;
  if (!owner || !database) problems.push(`${where}: bootstrap.initdb names no database and owner, so the operator makes app/app`);
  const apps: Workload[] = [];
  for (const client of clients) {
    const app = appDeployment(docs, client);
    const container = app && appContainer(app, client);
    if (!app || !container) {
      problems.push(`${client.name}: no Deployment`);
      continue;
    }
    apps.push(app);
    const { env, problems: envProblems } = resolveContainerEnv(container, docs, secrets);
    problems.push(...envProblems.map((p) => `Deployment/${client.name}: ${p}`));
    try {
      const url = new URL(env.DATABASE_URL ?? '');
      const at = `Deployment/${client.name} DATABASE_URL`;
      if (serviceName(url.hostname) !== readWriteService(cluster)) problems.push(`${at}: points at ${url.hostname}, not the primary's Service ${readWriteService(cluster)}`);
      if ((url.port || '5432') !== '5432') problems.push(`${at}: port ${url.port}, the Service's is 5432`);
      if (decodeURIComponent(url.username) !== owner) problems.push(`${at}: connects as ${url.username}, the database's owner is ${owner}`);
      if (url.pathname !== `/${database}`) problems.push(`${at}: database ${url.pathname.slice(1)}, the Cluster's is ${database}`);
      if (decodeURIComponent(url.password) !== secrets.get(appSecret(cluster))?.password) problems.push(`${at}: its password is not the one the operator put in ${appSecret(cluster)}`);
    } catch {
      problems.push(`Deployment/${client.name}: DATABASE_URL is not a URL: ${env.DATABASE_URL}`);
    }
    try {
      client.loadConfig(env);
    } catch (err) {
      problems.push(`Deployment/${client.name}: the service's config refuses its environment: ${(err as Error).message}`);
    }
  }

  const policies = networkPoliciesOf(docs);
  const first = instancePod(cluster, 'primary', 1, '10.244.5.1');
  const standby = instancePod(cluster, 'replica', 2, '10.244.5.2');
  const shouldBe = (description: string, connection: Connection, expected: boolean) => {
    const verdict = evaluate(policies, connection);
    if (verdict.allowed !== expected) problems.push(`network: ${description} (${connection.port}/${connection.protocol}) is ${explain(connection, verdict)}; expected ${expected ? 'allowed' : 'denied'}`);
  };
  const tcp = (from: Connection['from'], to: Connection['to'], port: number): Connection => ({ from, to, port, protocol: 'TCP' });
  for (const app of apps) shouldBe(`${app.name} → ${name}'s primary`, tcp(podOfWorkload(app, '10.244.0.50'), first, 5432), true);
  shouldBe(`${name}: a standby → the primary, streaming`, tcp(standby, first, 5432), true);
  shouldBe(`${name}: the primary → a standby, after a failover`, tcp(first, standby, 5432), true);
  shouldBe(`${name}: an instance → another's status`, tcp(standby, first, 8000), true);
  shouldBe(`the CloudNativePG operator → ${name}'s status`, tcp(CNPG_OPERATOR, first, 8000), true);
  shouldBe(`the CloudNativePG operator → ${name}'s PostgreSQL`, tcp(CNPG_OPERATOR, first, 5432), true);
  shouldBe(`${name}'s instance manager → the Kubernetes API server`, tcp(first, API_SERVER, 6443), true);
  shouldBe(`${name} → kube-dns`, { from: first, to: KUBE_DNS, port: 53, protocol: 'UDP' }, true);
  for (const other of APP_SERVICES.filter((s) => !clients.includes(s))) {
    const otherApp = appDeployment(docs, other);
    if (otherApp) shouldBe(`${other.name} → ${name}`, tcp(podOfWorkload(otherApp, '10.244.0.51'), first, 5432), false);
  }
  shouldBe(`a pod of another namespace → ${name}`, tcp(STRANGER, first, 5432), false);
  shouldBe(`a pod of another namespace → ${name}'s status`, tcp(STRANGER, first, 8000), false);
  shouldBe(`a pod labelled like the operator, in another namespace → ${name}'s status`, tcp({ ...CNPG_OPERATOR, name: 'impostor', namespace: 'default' }, first, 8000), false);
  shouldBe(`${name} → the internet, beside the API server's ports`, tcp(first, { kind: 'external', ip: '1.2.3.4' }, 5432), false);
  return problems;
}
