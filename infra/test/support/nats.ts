/**
 * The NATS configuration as the nats StatefulSet's server loads it: the file its `--config` names,
 * with every `include` replaced by the file it names, from the ConfigMap mounted beside it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { busEnv, ConfigError, loadConfig } from '@ticketing/common';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import { resolveContainerEnv } from './env';
import { containersOf, find, podLabels, ref, selects, workloads, type Manifest, type Workload } from './manifests';
import type { SecretData } from './secrets';
import { BUS_DEPLOYMENTS } from './services';

export interface NatsConfig {
  /** The file `--config` names, relative to the mounted ConfigMap (nats.conf, cluster.conf). */
  entry: string;
  /** The mounted ConfigMap's files. */
  files: Record<string, string>;
  /** The entry with its includes in place, as nats-server reads it. */
  text: string;
}

export function natsWorkload(docs: Manifest[]): Workload {
  const found = workloads(docs).find((w) => w.kind === 'StatefulSet' && w.name === 'nats');
  if (!found) throw new Error('no StatefulSet nats');
  return found;
}

export function natsConfig(docs: Manifest[]): NatsConfig {
  const w = natsWorkload(docs);
  const container = containersOf(w).find((c) => c.name === 'nats');
  if (!container) throw new Error('StatefulSet/nats: no container nats');
  const args = container.args ?? [];
  const flag = args.findIndex((a) => a === '--config' || a === '-c');
  const configPath = flag >= 0 ? args[flag + 1] : undefined;
  if (!configPath) throw new Error(`StatefulSet/nats: no --config in its args (${args.join(' ')})`);
  const mount = container.volumeMounts?.find((m) => configPath.startsWith(`${m.mountPath}/`));
  if (!mount) throw new Error(`StatefulSet/nats: --config ${configPath} is on no volume it mounts`);
  const volume = w.template.spec?.volumes?.find((v) => v.name === mount.name);
  const map = find<IConfigMap>(docs, 'ConfigMap', volume?.configMap?.name ?? '');
  if (!map) throw new Error(`StatefulSet/nats: volume ${mount.name} is not a ConfigMap of the overlay`);
  const files = map.data ?? {};
  const entry = configPath.slice(mount.mountPath.length + 1);
  return { entry, files, text: withIncludes(entry, files, []) };
}

/** nats-server's `include <file>`: a path relative to the including file, here a key of the same ConfigMap. */
function withIncludes(file: string, files: Record<string, string>, seen: string[]): string {
  const text = files[file];
  if (text === undefined) throw new Error(`nats: ${seen.at(-1) ?? '--config'} includes ${file}, which the mounted ConfigMap does not hold`);
  if (seen.includes(file)) throw new Error(`nats: ${file} includes itself (${[...seen, file].join(' → ')})`);
  return text.replace(/^[ \t]*include[ \t]+["']?(?:\.\/)?([^"'\s;]+)["']?[ \t]*;?[ \t]*$/gm, (_line, name: string) => withIncludes(name, files, [...seen, file]));
}

/** The text of a top-level `<name> { … }` block (braces balanced, comments dropped), or undefined. */
export function natsBlock(text: string, name: string): string | undefined {
  const uncommented = text.replace(/#.*$/gm, '');
  const start = new RegExp(`^[ \\t]*${name}[ \\t]*\\{`, 'm').exec(uncommented);
  if (!start) return undefined;
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < uncommented.length; i += 1) {
    if (uncommented[i] === '{') depth += 1;
    else if (uncommented[i] === '}') {
      depth -= 1;
      if (depth === 0) return uncommented.slice(start.index + start[0].length, i);
    }
  }
  throw new Error(`nats: the block ${name} { is never closed`);
}

export interface NatsCluster {
  name?: string;
  port?: number;
  /** The route URLs, in order. */
  routes: string[];
}

/** The `cluster {}` block of a configuration, or undefined for a single server. */
export function natsCluster(text: string): NatsCluster | undefined {
  const block = natsBlock(text, 'cluster');
  if (block === undefined) return undefined;
  const value = (key: string) => new RegExp(`^[ \\t]*${key}[ \\t]*[:=][ \\t]*([^\\s,]+)`, 'm').exec(block)?.[1];
  const routes = /^[ \t]*routes[ \t]*[:=][ \t]*\[([^\]]*)\]/m.exec(block)?.[1] ?? '';
  const port = value('port');
  return { name: value('name'), port: port === undefined ? undefined : Number(port), routes: routes.split(/[\s,]+/).filter(Boolean) };
}

/** NATS keeps at most this many copies of a stream. */
const MAX_STREAM_REPLICAS = 5;

/**
 * The bus as the overlay runs it: as many copies of the stream as the services ask for
 * (NATS_STREAM_REPLICAS, read as they read it) and no more than there are servers; with more than
 * one server, a JetStream cluster whose routes name every server of the StatefulSet, under the
 * headless Service that gives them their names, on the port they listen on.
 */
export function checkNatsCluster(docs: Manifest[], secrets: SecretData): string[] {
  const problems: string[] = [];
  let w: Workload;
  let config: NatsConfig;
  try {
    w = natsWorkload(docs);
    config = natsConfig(docs);
  } catch (err) {
    return [(err as Error).message];
  }
  const servers = w.replicas ?? 1;
  const where = `StatefulSet/nats (${servers} server${servers === 1 ? '' : 's'})`;

  // Each creates the stream, or raises it, at start.
  for (const service of BUS_DEPLOYMENTS) {
    const app = workloads(docs).find((d) => d.kind === 'Deployment' && d.name === service);
    const container = app && containersOf(app)[0];
    if (!container) {
      problems.push(`${service}: no Deployment with a container`);
      continue;
    }
    const env = resolveContainerEnv(container, docs, secrets).env;
    let replicas: number;
    try {
      replicas = loadConfig({ NATS_STREAM_REPLICAS: busEnv.NATS_STREAM_REPLICAS }, env).NATS_STREAM_REPLICAS;
    } catch (err) {
      problems.push(...(err instanceof ConfigError ? err.problems : [(err as Error).message]).map((p) => `Deployment/${service}: ${p}`));
      continue;
    }
    if (replicas > servers) problems.push(`Deployment/${service}: NATS_STREAM_REPLICAS is ${replicas}, more copies of the stream than ${where} can keep: it would refuse to create it`);
    else if (servers > 1 && replicas < Math.min(3, servers)) {
      problems.push(`Deployment/${service}: NATS_STREAM_REPLICAS is ${replicas}: on a cluster of ${servers} the stream wants ${Math.min(3, servers)} copies, to outlive a server and keep a quorum`);
    }
  }
  if (servers > MAX_STREAM_REPLICAS) problems.push(`${where}: NATS keeps at most ${MAX_STREAM_REPLICAS} copies of a stream; more servers do not keep it safer`);

  const cluster = natsCluster(config.text);
  const container = containersOf(w).find((c) => c.name === 'nats');
  if (servers === 1) {
    if (cluster) problems.push(`${where}: ${config.entry} has a cluster block, and a single server waits for routes that never come`);
    return problems;
  }
  if (!cluster) return [...problems, `${where}: ${config.entry} has no cluster block: ${servers} separate servers, each with a stream of its own`];
  if (!natsBlock(config.text, 'jetstream')) problems.push(`${where}: ${config.entry} has no jetstream block`);
  if (!cluster.name) problems.push(`${where}: the cluster has no name, which JetStream needs`);

  // Each server of a JetStream cluster needs a name of its own: its pod's.
  const serverName = /^[ \t]*server_name[ \t]*[:=][ \t]*\$(\w+)/m.exec(config.text.replace(/#.*$/gm, ''))?.[1];
  const podName = container?.env?.find((e) => e.name === serverName)?.valueFrom?.fieldRef?.fieldPath;
  if (podName !== 'metadata.name') problems.push(`${where}: server_name is not the pod's name ($VAR from the field metadata.name), so the servers may share one`);

  const listens = container?.ports?.find((p) => p.name === 'cluster')?.containerPort;
  if (listens === undefined) problems.push(`${where}: the container exposes no port named cluster`);
  else if (cluster.port !== listens) problems.push(`${where}: the cluster block listens on ${cluster.port}, the container exposes ${listens} as cluster`);

  const spec = w.doc.spec as { serviceName?: string; podManagementPolicy?: string };
  if (spec.podManagementPolicy !== 'Parallel') {
    problems.push(`${where}: podManagementPolicy ${spec.podManagementPolicy ?? 'OrderedReady'}: the first server waits to be ready, which it is only once it has met the others`);
  }
  const headless = find<IService>(docs, 'Service', spec.serviceName ?? '');
  if (!headless) problems.push(`${where}: its serviceName ${spec.serviceName} is no Service of the overlay`);
  else {
    if (headless.spec?.clusterIP !== 'None') problems.push(`${ref(headless)}: not headless (clusterIP None), so the pods get no names of their own`);
    if (headless.spec?.publishNotReadyAddresses !== true) problems.push(`${ref(headless)}: publishes only ready pods, and a server is ready only once it has found the others by these names`);
    if (!selects({ matchLabels: headless.spec?.selector ?? {} }, podLabels(w))) problems.push(`${ref(headless)}: does not select the nats pods`);
    if (!headless.spec?.ports?.some((p) => p.port === cluster.port)) problems.push(`${ref(headless)}: has no port ${cluster.port}`);
  }
  const expected = Array.from({ length: servers }, (_, i) => `nats://${w.name}-${i}.${spec.serviceName}:${cluster.port}`);
  for (const route of expected) if (!cluster.routes.includes(route)) problems.push(`${where}: the routes leave out ${route}`);
  for (const route of cluster.routes) if (!expected.includes(route)) problems.push(`${where}: the route ${route} names no server of the StatefulSet`);
  return problems;
}

const NATS_SERVER_HINT =
  'The check runs the nats-server that the bus tests use (Debian: apt-get install nats-server; .ci/run installs it).';

/**
 * What nats-server says of the configuration the StatefulSet's server loads: the mounted files in a
 * folder of their own, the container's environment (its pod name, every user's password), and
 * `nats-server -t`, which parses it, includes and variables resolved, and exits. Empty when it
 * reads it. The local server may be older than the image (Debian's 2.9 against nats:2.10): a
 * configuration both read is what this proves.
 */
export function natsServerReads(docs: Manifest[], secrets: SecretData): string[] {
  const config = natsConfig(docs);
  const container = containersOf(natsWorkload(docs)).find((c) => c.name === 'nats')!;
  const { env, problems } = resolveContainerEnv(container, docs, secrets);
  if (problems.length > 0) return problems.map((p) => `StatefulSet/nats: ${p}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'ticketing-nats-'));
  try {
    for (const [file, text] of Object.entries(config.files)) writeFileSync(path.join(dir, file), text);
    const result = spawnSync('nats-server', ['-c', path.join(dir, config.entry), '-t'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`nats-server is not installed (not found on the PATH). ${NATS_SERVER_HINT}`);
    if (result.error) throw result.error;
    const said = `${result.stdout}${result.stderr}`.trim().split(dir).join('/etc/nats');
    return result.status === 0 ? [] : [`nats-server -t refuses ${config.entry}: ${said}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
