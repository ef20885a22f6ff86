import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { resolveContainerEnv } from '../../test/support/env';
import { type Manifest, workloads, type Workload } from '../../test/support/manifests';
import type { SecretData } from '../../test/support/secrets';

/** What the cluster would resolve: a Service's name (short or fully qualified) to where it answers here. */
export type Addresses = Map<string, number>;

/** One Deployment's container as `docker run` starts it, and where its probes are. */
export interface ContainerRun {
  name: string;
  image: string;
  port: number;
  env: Record<string, string>;
  /** `docker run` options for the user, filesystem and capabilities the Deployment asks for. */
  options: string[];
  command: string[];
  probes: { kind: 'startup' | 'readiness' | 'liveness'; path: string }[];
}

const clusterName = (host: string) => host.replace(/\.[a-z0-9-]+\.svc(\.cluster\.local)?$/, '');

/** A URL naming a Service by its cluster name points at the address that Service has on this machine. */
function resolveServices(value: string, addresses: Addresses): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  const url = new URL(value);
  const port = addresses.get(clusterName(url.hostname));
  if (port === undefined) return value;
  url.hostname = '127.0.0.1';
  url.port = String(port);
  // WHATWG URL keeps "postgres://u:p@h:1/db" as written; only the host changes.
  return url.href.replace(/\/$/, value.endsWith('/') ? '/' : '');
}

function probePath(probe: IProbe | undefined): string | undefined {
  return probe?.httpGet?.path;
}

/**
 * The container of `deployment` with the environment the kubelet would give it (resolveContainerEnv,
 * as the offline checks read it), Service names resolved through `addresses`. Then only what one
 * shared network changes: PORT.
 */
export function containerRun(docs: Manifest[], workload: Workload, secrets: SecretData, addresses: Addresses, port: number): ContainerRun {
  const pod = workload.template.spec!;
  const [container, ...others] = pod.containers as IContainer[];
  if (!container || others.length > 0) throw new Error(`${workload.name}: expected one container, found ${pod.containers.length}`);
  const { env, problems } = resolveContainerEnv(container, docs, secrets);
  if (problems.length > 0) throw new Error(`${workload.name}: its pod would not start:\n${problems.join('\n')}`);
  for (const [name, value] of Object.entries(env)) env[name] = resolveServices(value, addresses);
  env.PORT = String(port);

  const security = container.securityContext ?? {};
  const podSecurity = pod.securityContext ?? {};
  const user = security.runAsUser ?? podSecurity.runAsUser;
  const group = security.runAsGroup ?? podSecurity.runAsGroup;
  const options: string[] = [];
  if (user !== undefined) options.push('--user', group === undefined ? String(user) : `${user}:${group}`);
  if (podSecurity.fsGroup !== undefined) options.push('--group-add', String(podSecurity.fsGroup));
  if (security.readOnlyRootFilesystem) options.push('--read-only');
  for (const cap of security.capabilities?.drop ?? []) options.push('--cap-drop', cap);
  for (const cap of security.capabilities?.add ?? []) options.push('--cap-add', cap);
  if (security.allowPrivilegeEscalation === false) options.push('--security-opt', 'no-new-privileges');
  const emptyDirs = new Set((pod.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
  for (const mount of container.volumeMounts ?? []) {
    if (!emptyDirs.has(mount.name)) throw new Error(`${workload.name}: volume ${mount.name} is not an emptyDir; this run mounts only those`);
    options.push('--tmpfs', `${mount.mountPath}:rw,mode=1777`);
  }
  return {
    name: workload.name,
    image: container.image!,
    port,
    env,
    options,
    command: [...(container.command ?? []), ...(container.args ?? [])],
    probes: (['startup', 'readiness', 'liveness'] as const).flatMap((kind) => {
      const path = probePath(container[`${kind}Probe`]);
      return path ? [{ kind, path }] : [];
    }),
  };
}

/** The Deployments the suite runs as containers: every one whose image is one of ours. */
export const ourDeployments = (docs: Manifest[], images: Set<string>): Workload[] =>
  workloads(docs).filter((w) => w.kind === 'Deployment' && (w.template.spec?.containers ?? []).some((c) => images.has(c.image!)));
