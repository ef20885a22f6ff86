/**
 * The cross-reference checks of the rendered manifests. Each is a plain function from the documents
 * (and what else it needs) to a list of problems, empty when all is well, so that a test can break a
 * copy of the documents and see the check name what broke.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, serviceEnv } from '@ticketing/common';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { cmdOf, DOCKERFILE, parseDockerfile, SERVICE_ENTRYPOINT } from './dockerfile';
import { resolveContainerEnv } from './env';
import {
  autoscalerOf,
  containersOf,
  find,
  imageName,
  imageTag,
  ofKind,
  podLabels,
  ref,
  selects,
  serviceName,
  workloads,
  type Manifest,
  type Workload,
} from './manifests';
import { checkNetworkPaths, podOfWorkload, STRANGER } from './network-paths';
import { evaluate, networkPoliciesOf, type Pod } from './network-policy';
import { checkHighAvailability } from './high-availability';
import { checkMonitoring } from './monitoring';
import { checkNatsCluster } from './nats';
import { checkTraces } from './observability';
import { NAMESPACE, repoRoot, type ComponentName, type OverlayName } from './repo';
import { validateManifests } from './schema';
import type { SecretData } from './secrets';
import { APP_SERVICES, busUserOf, imageOf, THIRD_PARTY_IMAGES, type AppService } from './services';
import { imagesOf, type Artifact } from './skaffold';

export interface OverlayContext {
  overlay: OverlayName;
  /** The Secrets as create-secrets.sh makes them for this kind of cluster. */
  secrets: SecretData;
  /** What skaffold builds for this overlay: each image, from which Dockerfile, at which target. */
  artifacts: Artifact[];
  /** The components (k8s/components) it was rendered with. */
  components?: readonly ComponentName[];
  /** Objects kubernetes-models has no schema for (a component's custom resources), checked by their own tests. */
  customResource?: (doc: Manifest) => boolean;
  /** The documents with the pods that run without a template here (an operator's instances), for the network paths. */
  withRunningPods?: (docs: Manifest[]) => Manifest[];
}

/** What each overlay promises beyond the base. */
export const OVERLAY_EXPECTATIONS = {
  dev: { nodeEnv: 'development', tls: false, writableRoot: true },
  prod: { nodeEnv: 'production', tls: true, writableRoot: false },
} as const;

/** Tiers of the stateful workloads that must accept only the services that use them. */
const DATA_TIERS = ['database', 'bus', 'cache'];

export const appDeployment = (docs: Manifest[], service: AppService): Workload | undefined =>
  workloads(docs).find((w) => w.kind === 'Deployment' && w.name === service.name);

export const appContainer = (w: Workload, service: AppService): IContainer | undefined =>
  containersOf(w).find((c) => c.name === service.name) ?? containersOf(w)[0];

/** Runs the services' checks against one Deployment at a time, reporting a missing one once. */
function perService(docs: Manifest[], check: (service: AppService, w: Workload, c: IContainer) => string[]): string[] {
  return APP_SERVICES.flatMap((service) => {
    const w = appDeployment(docs, service);
    if (!w) return [`${service.name}: no Deployment named ${service.name}`];
    const c = appContainer(w, service);
    if (!c) return [`Deployment/${service.name}: no container`];
    return check(service, w, c);
  });
}

export function checkSchemas(docs: Manifest[]): string[] {
  return validateManifests(docs);
}

export function checkNamespace(docs: Manifest[]): string[] {
  return docs.filter((d) => d.metadata.namespace !== NAMESPACE).map((d) => `${ref(d)}: namespace is ${d.metadata.namespace ?? 'unset'}, not ${NAMESPACE}`);
}

/** Every image skaffold builds is used; every image used is built, or a pinned third-party image. */
export function checkImages(docs: Manifest[], builtImages: string[]): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const w of workloads(docs)) {
    for (const c of [...(w.template.spec?.initContainers ?? []), ...containersOf(w)]) {
      const image = c.image ?? '';
      const name = imageName(image);
      used.add(name);
      if (THIRD_PARTY_IMAGES.includes(name)) {
        const tag = imageTag(image);
        if (!tag || tag === 'latest') problems.push(`${w.kind}/${w.name}: third-party image ${image} must be pinned to a version`);
      } else if (!builtImages.includes(name)) {
        problems.push(`${w.kind}/${w.name}: container ${c.name} uses image ${image}, which skaffold does not build`);
      }
    }
  }
  for (const image of builtImages) if (!used.has(image)) problems.push(`skaffold builds ${image}, which no manifest uses`);
  return problems;
}

/**
 * What each service's container runs: its workspace's image, and in it the command (CMD) of the
 * stage skaffold builds that image at for this overlay, as it is, or, for another entry point of the
 * workspace (the orders worker), that command with the entry point in place of dist/index.js, so
 * that in the dev loop it too recompiles and restarts on synced sources. Never `command`, which
 * would replace the base image's entrypoint.
 */
export function checkCommands(docs: Manifest[], artifacts: Artifact[]): string[] {
  return perService(docs, (service, w, c) => {
    const where = `Deployment/${w.name}`;
    const image = imageOf(service);
    if (imageName(c.image ?? '') !== image) return [`${where}: runs image ${c.image}, not its workspace's ${image}`];
    if (c.command) return [`${where}: command ${JSON.stringify(c.command)} replaces the entrypoint of its image`];
    const entrypoint = service.entrypoint;
    if (!entrypoint) return c.args ? [`${where}: args ${JSON.stringify(c.args)} replace the command of its image`] : [];
    const problems: string[] = [];
    // tsconfig.build.json compiles src/ to dist/.
    const source = path.posix.join(service.workspace, entrypoint.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'));
    if (!existsSync(path.join(repoRoot, source))) problems.push(`${where}: runs ${entrypoint}, compiled from ${source}, which does not exist`);
    const artifact = artifacts.find((a) => a.image === image);
    const file = artifact && path.join(repoRoot, artifact.context ?? '.', artifact.docker?.dockerfile ?? DOCKERFILE);
    // An image skaffold does not build, or a Dockerfile missing, is checkImages' and checkSkaffold's to report.
    if (!file || !existsSync(file)) return problems;
    const dockerfile = parseDockerfile(readFileSync(file, 'utf8'));
    const target = artifact.docker?.target ?? dockerfile.stages.at(-1)?.name ?? '';
    const imageCommand = cmdOf(dockerfile, target) ?? [];
    const expected = imageCommand.map((arg) => arg.replaceAll(SERVICE_ENTRYPOINT, entrypoint));
    if (expected.join('\0') === imageCommand.join('\0')) problems.push(`${where}: the command of ${image} at target ${target} does not run ${SERVICE_ENTRYPOINT}, to run ${entrypoint} in its place`);
    else if (JSON.stringify(c.args) !== JSON.stringify(expected)) {
      problems.push(`${where}: args ${JSON.stringify(c.args ?? null)}, where ${image} at target ${target} runs ${entrypoint} with ${JSON.stringify(expected)}`);
    }
    return problems;
  });
}

/**
 * Each service's own config loader accepts the environment its Deployment gives it, and the
 * variables whose defaults only suit a laptop are set.
 */
export function checkAppEnvironment(docs: Manifest[], secrets: SecretData, nodeEnv: string): string[] {
  return perService(docs, (service, w, c) => {
    const where = `Deployment/${w.name}`;
    const { env, problems } = resolveContainerEnv(c, docs, secrets);
    const found = problems.map((p) => `${where}: ${p}`);
    for (const name of service.mustSet) if (env[name] === undefined) found.push(`${where}: ${name} is not set (its default does not suit the cluster)`);
    if (service.mustSet.includes('NODE_ENV') && env.NODE_ENV !== undefined && env.NODE_ENV !== nodeEnv) {
      found.push(`${where}: NODE_ENV is ${env.NODE_ENV}, this overlay runs ${nodeEnv}`);
    }
    try {
      service.loadConfig(env);
    } catch (err) {
      found.push(`${where}: the service's config refuses its environment: ${(err as Error).message}`);
    }
    return found;
  });
}

function portNumber(probePort: number | string | undefined, c: IContainer): number | undefined {
  if (typeof probePort === 'number') return probePort;
  if (probePort === undefined) return undefined;
  if (/^\d+$/.test(probePort)) return Number(probePort);
  return c.ports?.find((p) => p.name === probePort)?.containerPort;
}

/** Probes ask /healthz (liveness, startup) and the readiness path on the port the service listens on. */
export function checkProbes(docs: Manifest[], secrets: SecretData): string[] {
  return perService(docs, (service, w, c) => {
    const where = `Deployment/${w.name}`;
    const problems: string[] = [];
    const { env } = resolveContainerEnv(c, docs, secrets);
    const listens = Number(env.PORT ?? 3000);
    if (!c.ports?.some((p) => p.containerPort === listens)) {
      problems.push(`${where}: the service listens on PORT ${listens}, which is not a containerPort (${(c.ports ?? []).map((p) => p.containerPort).join(', ')})`);
    }
    const probes: [string, IProbe | undefined, string, boolean][] = [
      ['readinessProbe', c.readinessProbe, service.readinessPath, true],
      ['livenessProbe', c.livenessProbe, '/healthz', true],
      ['startupProbe', c.startupProbe, '/healthz', false],
    ];
    for (const [kind, probe, path, required] of probes) {
      if (!probe) {
        if (required) problems.push(`${where}: no ${kind}`);
        continue;
      }
      if (!probe.httpGet) {
        problems.push(`${where}: ${kind} is not an HTTP GET of ${path}`);
        continue;
      }
      if (probe.httpGet.path !== path) problems.push(`${where}: ${kind} asks ${probe.httpGet.path}, the service serves ${path}`);
      const port = portNumber(probe.httpGet.port, c);
      if (port !== listens) problems.push(`${where}: ${kind} asks port ${probe.httpGet.port} (${port}), the service listens on ${listens}`);
    }
    return problems;
  });
}

/** SIGKILL must not cut a drain short: the grace period covers the preStop pause and the drain. */
export function checkGracefulShutdown(docs: Manifest[], secrets: SecretData): string[] {
  return perService(docs, (_service, w, c) => {
    const where = `Deployment/${w.name}`;
    const command = c.lifecycle?.preStop?.exec?.command ?? [];
    const pause = command[0] === 'sleep' ? Number(command[1]) : Number.NaN;
    if (!Number.isFinite(pause)) return [`${where}: no preStop sleep to let endpoints drop the pod before SIGTERM`];
    const drainMs = Number(resolveContainerEnv(c, docs, secrets).env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
    const grace = w.template.spec?.terminationGracePeriodSeconds ?? 30;
    return grace > pause + drainMs / 1000 ? [] : [`${where}: terminationGracePeriodSeconds ${grace} does not cover preStop ${pause}s + drain ${drainMs / 1000}s`];
  });
}

const ALLOWED_VOLUMES = ['configMap', 'emptyDir', 'persistentVolumeClaim', 'secret', 'projected', 'downwardAPI', 'ephemeral', 'csi'];

/**
 * Every pod: requests and limits, probes, and the "restricted" Pod Security Standard the namespace
 * enforces (non-root, no privilege escalation, no capabilities, seccomp), a read-only root
 * filesystem (unless the overlay allows a writable one for the app containers), no API token, and
 * no service-link variables.
 */
export function checkHardening(docs: Manifest[], options: { writableRoot: boolean }): string[] {
  const problems: string[] = [];
  for (const w of workloads(docs)) {
    const where = `${w.kind}/${w.name}`;
    const pod = w.template.spec;
    if (!pod) {
      problems.push(`${where}: no pod spec`);
      continue;
    }
    if (pod.automountServiceAccountToken !== false) problems.push(`${where}: mounts a service account token it does not need`);
    // Service links would add variables beyond those the environment checks resolve (REDIS_PORT=tcp://…).
    if (pod.enableServiceLinks !== false) problems.push(`${where}: enableServiceLinks is not false`);
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push(`${where}: shares a host namespace`);
    for (const volume of pod.volumes ?? []) {
      const type = Object.keys(volume).find((k) => k !== 'name');
      if (!type || !ALLOWED_VOLUMES.includes(type)) problems.push(`${where}: volume ${volume.name} of type ${type} is not allowed by the restricted policy`);
    }
    const isApp = APP_SERVICES.some((s) => s.name === w.name) && w.kind === 'Deployment';
    for (const c of containersOf(w)) {
      const at = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      const requests = c.resources?.requests ?? {};
      const limits = c.resources?.limits ?? {};
      for (const r of ['cpu', 'memory']) {
        if (requests[r] === undefined) problems.push(`${at}: no ${r} request`);
        if (limits[r] === undefined) problems.push(`${at}: no ${r} limit`);
      }
      if (!c.livenessProbe) problems.push(`${at}: no livenessProbe`);
      if (!c.readinessProbe) problems.push(`${at}: no readinessProbe`);
      if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) problems.push(`${at}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) problems.push(`${at}: runs as root (UID 0)`);
      if (sc.privileged) problems.push(`${at}: privileged`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
      if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${at}: does not drop ALL capabilities`);
      if ((sc.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) problems.push(`${at}: adds capabilities`);
      const seccomp = sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${at}: no RuntimeDefault seccomp profile`);
      const writableAllowed = options.writableRoot && isApp;
      if (sc.readOnlyRootFilesystem !== true && !writableAllowed) problems.push(`${at}: root filesystem is writable`);
    }
  }
  return problems;
}

function containerPortsOf(docs: Manifest[], selector: Record<string, string>): { name?: string; containerPort: number }[] {
  return workloads(docs)
    .filter((w) => selects({ matchLabels: selector }, podLabels(w)))
    .flatMap((w) => containersOf(w).flatMap((c) => c.ports ?? []));
}

/** Every Service selects some pods, and each of its ports reaches a port those pods expose. */
export function checkServiceSelectors(docs: Manifest[]): string[] {
  const problems: string[] = [];
  for (const service of ofKind<IService>(docs, 'Service')) {
    const selector = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) {
      problems.push(`${ref(service)}: no selector`);
      continue;
    }
    const matched = workloads(docs).filter((w) => selects({ matchLabels: selector }, podLabels(w)));
    if (matched.length === 0) {
      problems.push(`${ref(service)}: selector ${JSON.stringify(selector)} matches no pod template`);
      continue;
    }
    const exposed = containerPortsOf(docs, selector);
    for (const port of service.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const reached = typeof target === 'string' && !/^\d+$/.test(target) ? exposed.some((p) => p.name === target) : exposed.some((p) => p.containerPort === Number(target));
      if (!reached) problems.push(`${ref(service)}: port ${port.name ?? port.port} targets ${target}, which its pods do not expose`);
    }
  }
  return problems;
}

/** The ingress routes the brief's paths to existing Services and ports, with TLS where the overlay wants it. */
export function checkIngress(docs: Manifest[], options: { tls: boolean }): string[] {
  const problems: string[] = [];
  const ingresses = ofKind<IIngress>(docs, 'Ingress');
  if (ingresses.length === 0) return ['no Ingress'];
  const routed = new Map<string, string>();
  for (const ingress of ingresses) {
    const where = ref(ingress);
    if (ingress.spec?.ingressClassName !== 'nginx') problems.push(`${where}: ingressClassName is ${ingress.spec?.ingressClassName}, not nginx`);
    const hosts: string[] = [];
    for (const rule of ingress.spec?.rules ?? []) {
      if (!rule.host) problems.push(`${where}: a rule without host`);
      else hosts.push(rule.host);
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        const at = `${where} path ${path.path}`;
        if (path.pathType !== 'Prefix') problems.push(`${at}: pathType ${path.pathType}, not Prefix`);
        if (!backend) {
          problems.push(`${at}: no service backend`);
          continue;
        }
        routed.set(path.path ?? '', backend.name);
        const service = find<IService>(docs, 'Service', backend.name);
        if (!service) {
          problems.push(`${at}: backend Service ${backend.name} does not exist`);
          continue;
        }
        const ports = service.spec?.ports ?? [];
        const ok = backend.port?.name !== undefined ? ports.some((p) => p.name === backend.port!.name) : ports.some((p) => p.port === backend.port?.number);
        if (!ok) problems.push(`${at}: Service ${backend.name} has no port ${backend.port?.name ?? backend.port?.number}`);
      }
    }
    const tls = ingress.spec?.tls ?? [];
    if (options.tls) {
      for (const host of hosts) {
        if (!tls.some((t) => t.hosts?.includes(host) && t.secretName)) problems.push(`${where}: host ${host} has no TLS certificate`);
      }
      if (!ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']) problems.push(`${where}: no cert-manager.io/cluster-issuer annotation`);
    } else if (tls.length > 0) {
      problems.push(`${where}: TLS configured where the overlay serves plain http`);
    }
  }
  for (const service of APP_SERVICES) {
    for (const route of service.routes) {
      const target = routed.get(route);
      if (target !== service.name) problems.push(`ingress: ${route} goes to ${target ?? 'nothing'}, not ${service.name}`);
    }
  }
  for (const [path, target] of routed) {
    if (!APP_SERVICES.some((s) => s.routes.includes(path))) problems.push(`ingress: ${path} (to ${target}) is not one of the brief's routes`);
  }
  return problems;
}

/** Whether `source`'s pods may open `port` on the pods labelled `target`, under the NetworkPolicies. */
function reachable(docs: Manifest[], source: Pod, target: Record<string, string>, port: number): boolean {
  const destination = workloads(docs).find((w) => selects({ matchLabels: target }, podLabels(w)));
  return destination !== undefined && evaluate(networkPoliciesOf(docs), { from: source, to: podOfWorkload(destination), port, protocol: 'TCP' }).allowed;
}

/**
 * Every URL a service connects to names the right Service on the right port, that Service reaches
 * pods, and the NetworkPolicies let this service's pods through.
 */
export function checkConnections(docs: Manifest[], secrets: SecretData): string[] {
  return perService(docs, (service, w, c) => {
    const problems: string[] = [];
    const { env } = resolveContainerEnv(c, docs, secrets);
    for (const connection of service.connections) {
      const at = `Deployment/${w.name} ${connection.variable}`;
      const raw = env[connection.variable];
      if (raw === undefined) continue; // reported by checkAppEnvironment
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        problems.push(`${at}: not a URL: ${raw}`);
        continue;
      }
      const host = serviceName(url.hostname);
      const port = url.port ? Number(url.port) : connection.port;
      if (host !== connection.service) problems.push(`${at}: points at ${host}, expected ${connection.service}`);
      if (port !== connection.port) problems.push(`${at}: uses port ${port}, expected ${connection.port}`);
      const target = find<IService>(docs, 'Service', host);
      if (!target) {
        problems.push(`${at}: no Service ${host}`);
        continue;
      }
      if (!target.spec?.ports?.some((p) => p.port === port)) problems.push(`${at}: Service ${host} has no port ${port}`);
      const selector = target.spec?.selector ?? {};
      const targetPort = target.spec?.ports?.find((p) => p.port === port)?.targetPort;
      const podPort = typeof targetPort === 'number' ? targetPort : (containerPortsOf(docs, selector).find((p) => p.name === targetPort)?.containerPort ?? port);
      if (!reachable(docs, podOfWorkload(w), selector, podPort)) {
        problems.push(`${at}: the NetworkPolicies of ${host} do not let ${w.name}'s pods reach port ${podPort}`);
      }
    }
    return problems;
  });
}

/**
 * Each database, the bus and Redis accept exactly the services that use them (per the services'
 * connections): no other service, and no pod of another namespace.
 */
export function checkNetworkIsolation(docs: Manifest[]): string[] {
  const problems: string[] = [];
  for (const store of workloads(docs).filter((w) => DATA_TIERS.includes(podLabels(w).tier ?? ''))) {
    const where = `${store.kind}/${store.name}`;
    const labels = podLabels(store);
    const serving = ofKind<IService>(docs, 'Service').filter((s) => selects({ matchLabels: s.spec?.selector ?? {} }, labels));
    const servedBy = serving.map((s) => s.metadata.name);
    // The port its clients reach, through the Service their URLs name (a NATS cluster's pods also
    // listen for each other, on a port no client uses).
    const exposed = containersOf(store).flatMap((c) => c.ports ?? []);
    const clientPort = APP_SERVICES.flatMap((s) => s.connections)
      .filter((c) => servedBy.includes(c.service))
      .map((c) => serving.find((s) => s.metadata.name === c.service)?.spec?.ports?.find((p) => p.port === c.port)?.targetPort ?? c.port)
      .map((target) => (typeof target === 'number' || /^\d+$/.test(target) ? Number(target) : exposed.find((p) => p.name === target)?.containerPort))[0];
    const servicePort = clientPort ?? exposed[0]?.containerPort ?? 0;
    const expected = APP_SERVICES.filter((s) => s.connections.some((c) => servedBy.includes(c.service))).map((s) => s.name);
    const allowed = APP_SERVICES.filter((s) => {
      const app = appDeployment(docs, s);
      return app !== undefined && reachable(docs, podOfWorkload(app), labels, servicePort);
    }).map((s) => s.name);
    for (const name of allowed) if (!expected.includes(name)) problems.push(`${where}: ${name} may connect, but does not use it`);
    for (const name of expected) if (!allowed.includes(name)) problems.push(`${where}: ${name} uses it, but may not connect`);
    if (reachable(docs, STRANGER, labels, servicePort)) problems.push(`${where}: a pod of another namespace may connect`);
  }
  return problems;
}

/**
 * The proxies in front of the services, as Express counts hops: ingress-nginx alone. It replaces
 * X-Forwarded-For with the one client address it determined (unless compute-full-forwarded-for is
 * on, which infra/README.md says to leave off), and the NetworkPolicies let no other proxy reach them
 * (Prometheus, the one other peer, only scrapes).
 */
export const PROXY_HOPS = 1;

/**
 * Each service behind the ingress (tier service) gets TRUST_PROXY as that hop count, parsed the way
 * every service parses it (common's serviceEnv). Unset, it would fall back to trusting every private
 * address.
 */
export function checkTrustProxy(docs: Manifest[], secrets: SecretData): string[] {
  return perService(docs, (_service, w, c) => {
    if (podLabels(w).tier !== 'service') return [];
    const where = `Deployment/${w.name}`;
    const raw = resolveContainerEnv(c, docs, secrets).env.TRUST_PROXY;
    if (raw === undefined) return [`${where}: TRUST_PROXY is not set, and the services' default trusts every private address`];
    let trust: unknown;
    try {
      trust = loadConfig({ TRUST_PROXY: serviceEnv.TRUST_PROXY }, { TRUST_PROXY: raw }).TRUST_PROXY;
    } catch (err) {
      return [`${where}: TRUST_PROXY is refused: ${(err as Error).message}`];
    }
    return trust === PROXY_HOPS ? [] : [`${where}: TRUST_PROXY is ${JSON.stringify(trust)}, not the hop count ${PROXY_HOPS} (ingress-nginx alone)`];
  });
}

/**
 * A workspace on the bus runs its event listeners in exactly one of its Deployments, as each decides
 * from its environment (orders leaves them to the orders worker with EVENT_LISTENERS=worker): in
 * none, its events would wait unhandled; in two, the API would keep the work it was relieved of.
 */
export function checkEventListeners(docs: Manifest[], secrets: SecretData): string[] {
  const workspaces = new Set(APP_SERVICES.filter((s) => busUserOf(s)).map((s) => s.workspace));
  return [...workspaces].flatMap((workspace) => {
    const deployments = APP_SERVICES.filter((s) => s.workspace === workspace);
    const running: string[] = [];
    for (const service of deployments) {
      const w = appDeployment(docs, service);
      const c = w && appContainer(w, service);
      if (!c) continue;
      try {
        if (service.runsEventListeners?.(resolveContainerEnv(c, docs, secrets).env) ?? true) running.push(service.name);
      } catch {
        return []; // its config refuses the environment: checkAppEnvironment says why
      }
    }
    if (running.length === 1) return [];
    if (running.length === 0) return [`${workspace}: none of ${deployments.map((s) => s.name).join(', ')} runs its event listeners, so its events wait unhandled`];
    return [`${workspace}: its event listeners run in ${running.join(' and ')}; they belong in one of them`];
  });
}

/** Each service runs under its own ServiceAccount, which mounts no API token. */
export function checkServiceAccounts(docs: Manifest[]): string[] {
  return perService(docs, (_service, w) => {
    const name = w.template.spec?.serviceAccountName;
    if (!name || name === 'default') return [`Deployment/${w.name}: runs under the default ServiceAccount`];
    const account = find<IServiceAccount>(docs, 'ServiceAccount', name);
    if (!account) return [`Deployment/${w.name}: ServiceAccount ${name} does not exist`];
    return account.automountServiceAccountToken === false ? [] : [`${ref(account)}: automountServiceAccountToken is not false`];
  });
}

/** Each service has a PodDisruptionBudget over its pods. */
export function checkDisruptionBudgets(docs: Manifest[]): string[] {
  const budgets = ofKind<IPodDisruptionBudget>(docs, 'PodDisruptionBudget');
  return perService(docs, (_service, w) => {
    const budget = budgets.find((b) => selects(b.spec?.selector, podLabels(w)));
    if (!budget) return [`Deployment/${w.name}: no PodDisruptionBudget selects its pods`];
    return budget.spec?.maxUnavailable === undefined && budget.spec?.minAvailable === undefined ? [`${ref(budget)}: neither maxUnavailable nor minAvailable`] : [];
  });
}

/** dev: one replica of everything. prod: every service at two or more under a HorizontalPodAutoscaler. */
export function checkReplicas(docs: Manifest[], overlay: OverlayName): string[] {
  const problems: string[] = [];
  const hpas = ofKind<IHorizontalPodAutoscaler>(docs, 'HorizontalPodAutoscaler');
  if (overlay === 'dev') {
    for (const w of workloads(docs)) if (w.replicas !== 1) problems.push(`${w.kind}/${w.name}: ${w.replicas ?? 'default'} replicas, dev runs one`);
    for (const hpa of hpas) problems.push(`${ref(hpa)}: dev does not autoscale`);
    return problems;
  }
  problems.push(
    ...perService(docs, (_service, w) => {
      const hpa = autoscalerOf(hpas, w);
      const found: string[] = [];
      if (!hpa) found.push(`Deployment/${w.name}: no HorizontalPodAutoscaler`);
      else {
        const min = hpa.spec?.minReplicas ?? 1;
        if (min < 2) found.push(`${ref(hpa)}: minReplicas ${min}, production runs two or more`);
        if ((hpa.spec?.maxReplicas ?? 0) < min) found.push(`${ref(hpa)}: maxReplicas below minReplicas`);
        if ((hpa.spec?.metrics ?? []).length === 0) found.push(`${ref(hpa)}: no metric to scale on`);
      }
      if (w.replicas !== undefined && w.replicas < 2) found.push(`Deployment/${w.name}: replicas ${w.replicas}, below two`);
      return found;
    }),
  );
  for (const hpa of hpas) {
    const target = hpa.spec?.scaleTargetRef;
    if (!workloads(docs).some((w) => w.kind === target?.kind && w.name === target.name)) problems.push(`${ref(hpa)}: scales ${target?.kind}/${target?.name}, which does not exist`);
  }
  return problems;
}

/** PostgreSQL's default max_connections, less the 3 it reserves for superusers; no server here raises it. */
export const POSTGRES_CONNECTIONS = 100 - 3;

/**
 * Each PostgreSQL can take every process that uses it at once at the ceiling of its Deployment (the
 * HorizontalPodAutoscaler's maxReplicas, else its replicas): per process, its two pools at the
 * sizes its config reads (DATABASE_POOL_SIZE, DATABASE_BACKGROUND_POOL_SIZE) and one connection per
 * LISTEN. Past what the server allows, the replicas the autoscaler adds under load are refused.
 */
export function checkConnectionBudgets(docs: Manifest[], secrets: SecretData): string[] {
  const hpas = ofKind<IHorizontalPodAutoscaler>(docs, 'HorizontalPodAutoscaler');
  const users = new Map<string, { total: number; terms: string[] }>();
  for (const service of APP_SERVICES) {
    const server = service.connections.find((c) => c.variable === 'DATABASE_URL')?.service;
    const w = appDeployment(docs, service);
    const c = w && appContainer(w, service);
    if (!server || !c || service.listenConnections === undefined) continue;
    let pools: { DATABASE_POOL_SIZE: number; DATABASE_BACKGROUND_POOL_SIZE: number };
    try {
      pools = service.loadConfig(resolveContainerEnv(c, docs, secrets).env) as typeof pools;
    } catch {
      continue; // checkAppEnvironment says why
    }
    const hpa = autoscalerOf(hpas, w);
    const ceiling = hpa?.spec?.maxReplicas ?? w.replicas ?? 1;
    const perProcess = pools.DATABASE_POOL_SIZE + pools.DATABASE_BACKGROUND_POOL_SIZE + service.listenConnections;
    const use = users.get(server) ?? { total: 0, terms: [] };
    use.total += ceiling * perProcess;
    use.terms.push(`${w.name} ${ceiling} × (${pools.DATABASE_POOL_SIZE} + ${pools.DATABASE_BACKGROUND_POOL_SIZE} + ${service.listenConnections} LISTEN)`);
    users.set(server, use);
  }
  return [...users]
    .filter(([, use]) => use.total > POSTGRES_CONNECTIONS)
    .map(([server, use]) => `${server}: ${use.total} connections at the ceilings (${use.terms.join(' + ')}), over the ${POSTGRES_CONNECTIONS} it allows`);
}

/** Every check of one rendered overlay, and of the components it was rendered with. */
export function checkOverlay(docs: Manifest[], ctx: OverlayContext): string[] {
  const expect = OVERLAY_EXPECTATIONS[ctx.overlay];
  const traces = ctx.components?.includes('observability') ?? false;
  return [
    ...checkSchemas(ctx.customResource ? docs.filter((doc) => !ctx.customResource!(doc)) : docs),
    ...checkNamespace(docs),
    ...checkImages(docs, imagesOf(ctx.artifacts)),
    ...checkCommands(docs, ctx.artifacts),
    ...checkAppEnvironment(docs, ctx.secrets, expect.nodeEnv),
    ...checkProbes(docs, ctx.secrets),
    ...checkGracefulShutdown(docs, ctx.secrets),
    ...checkHardening(docs, { writableRoot: expect.writableRoot }),
    ...checkServiceSelectors(docs),
    ...checkIngress(docs, { tls: expect.tls }),
    ...checkConnections(docs, ctx.secrets),
    ...checkNetworkIsolation(docs),
    ...checkNetworkPaths(ctx.withRunningPods?.(docs) ?? docs, { tls: expect.tls, traces }),
    ...checkTrustProxy(docs, ctx.secrets),
    ...checkEventListeners(docs, ctx.secrets),
    ...checkConnectionBudgets(docs, ctx.secrets),
    ...checkServiceAccounts(docs),
    ...checkDisruptionBudgets(docs),
    ...checkReplicas(docs, ctx.overlay),
    ...checkHighAvailability(docs),
    ...checkNatsCluster(docs, ctx.secrets),
    ...(ctx.components?.includes('monitoring') ? checkMonitoring(docs) : []),
    ...(traces ? checkTraces(docs, ctx.secrets) : []),
  ];
}
