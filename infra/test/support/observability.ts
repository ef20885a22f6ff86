/**
 * The checks of the observability component: the path of a span from a service to the OpenTelemetry
 * Collector and on to Jaeger, followed through the rendered manifests and the two configurations
 * they mount. Neither binary runs here, so what they would refuse at start (a pipeline naming a
 * component nobody defined) and what they would accept and get wrong (a receiver bound to localhost,
 * an exporter aimed at a Service that does not exist, a NetworkPolicy that drops the spans) are
 * both read from the files.
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { resolveContainerEnv } from './env';
import { containersOf, find, podLabels, serviceName, workloads, type Manifest, type Workload } from './manifests';
import { podOfWorkload } from './network-paths';
import { evaluate, networkPoliciesOf } from './network-policy';
import { parseYamlStream } from './repo';
import type { SecretData } from './secrets';
import { COLLECTOR, JAEGER } from './services';

/** The OTLP protocols common's startTracing exports over (OTEL_EXPORTER_OTLP_PROTOCOL). */
const SDK_PROTOCOLS = ['http/protobuf', 'http/json'];

type Section = Record<string, Record<string, unknown> | null>;

/** The part of an OpenTelemetry Collector configuration (Jaeger v2's too) that these checks read. */
interface CollectorConfig {
  receivers?: Section;
  processors?: Section;
  exporters?: Section;
  connectors?: Section;
  extensions?: Section;
  service?: {
    extensions?: string[];
    pipelines?: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

/** A component's type: otlp_grpc/jaeger → otlp_grpc. */
const typeOf = (id: string) => id.split('/')[0]!;

const deployment = (docs: Manifest[], name: string): Workload | undefined => workloads(docs).find((w) => w.kind === 'Deployment' && w.name === name);

/**
 * The configuration a Deployment's first container reads: its `--config` file, followed through the
 * volume mounted at that directory to the key of the ConfigMap, and parsed.
 */
function mountedConfig(docs: Manifest[], w: Workload): { config?: CollectorConfig; problems: string[] } {
  const where = `Deployment/${w.name}`;
  const container = containersOf(w)[0];
  const args = container?.args ?? [];
  const flag = args.findIndex((a) => a === '--config' || a.startsWith('--config='));
  const file = flag < 0 ? undefined : args[flag]!.includes('=') ? args[flag]!.slice('--config='.length) : args[flag + 1];
  if (!container || !file) return { problems: [`${where}: no --config argument`] };
  const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
  const volume = w.template.spec?.volumes?.find((v) => v.name === mount?.name);
  if (!mount || !volume?.configMap) return { problems: [`${where}: --config ${file} is on no mounted ConfigMap`] };
  const fileName = file.slice(mount.mountPath.replace(/\/$/, '').length + 1);
  const key = volume.configMap.items?.find((i) => i.path === fileName)?.key ?? fileName;
  const map = find<IConfigMap>(docs, 'ConfigMap', volume.configMap.name ?? '');
  const text = map?.data?.[key];
  if (text === undefined) return { problems: [`${where}: --config ${file} reads key ${key} of ConfigMap ${volume.configMap.name}, which does not exist`] };
  try {
    const [config] = parseYamlStream(text, `ConfigMap/${map!.metadata.name} ${key}`);
    return { config: (config ?? {}) as CollectorConfig, problems: [] };
  } catch (err) {
    return { problems: [`${where}: its configuration does not parse: ${(err as Error).message}`] };
  }
}

/** Every component a pipeline or the service names is defined, and there is a traces pipeline. */
function checkPipelines(where: string, config: CollectorConfig): string[] {
  const problems: string[] = [];
  const pipelines = config.service?.pipelines ?? {};
  if (!Object.keys(pipelines).some((id) => typeOf(id) === 'traces')) problems.push(`${where}: no traces pipeline`);
  for (const [id, pipeline] of Object.entries(pipelines)) {
    for (const role of ['receivers', 'processors', 'exporters'] as const) {
      for (const name of pipeline[role] ?? []) {
        const defined = Object.hasOwn(config[role] ?? {}, name) || (role !== 'processors' && Object.hasOwn(config.connectors ?? {}, name));
        if (!defined) problems.push(`${where}: pipeline ${id} names ${role.slice(0, -1)} ${name}, which is not defined`);
      }
    }
    if ((pipeline.receivers ?? []).length === 0 || (pipeline.exporters ?? []).length === 0) problems.push(`${where}: pipeline ${id} needs a receiver and an exporter`);
  }
  for (const name of config.service?.extensions ?? []) {
    if (!Object.hasOwn(config.extensions ?? {}, name)) problems.push(`${where}: service names extension ${name}, which is not defined`);
  }
  return problems;
}

interface Listener {
  /** Where it is configured: receivers.otlp.protocols.grpc. */
  at: string;
  host: string;
  port: number;
}

/** Every `endpoint` of the receivers and extensions: the addresses the process listens on. */
function listenersOf(config: CollectorConfig): Listener[] {
  const listeners: Listener[] = [];
  const walk = (value: unknown, at: string) => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'endpoint' && typeof child === 'string') {
        const colon = child.lastIndexOf(':');
        listeners.push({ at, host: child.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(child.slice(colon + 1)) });
      } else walk(child, `${at}.${key}`);
    }
  };
  walk(config.receivers, 'receivers');
  walk(config.extensions, 'extensions');
  return listeners;
}

/** Reachable from other pods: every interface, not loopback (the collector's own default since 0.104). */
const ALL_INTERFACES = ['', '0.0.0.0', '::'];

/** The OTLP receiver of that protocol listening on the port, if the configuration has one in a traces pipeline. */
function otlpReceiverOn(config: CollectorConfig, protocol: 'grpc' | 'http', port: number): { id: string; tls: boolean } | undefined {
  const tracing = Object.entries(config.service?.pipelines ?? {})
    .filter(([id]) => typeOf(id) === 'traces')
    .flatMap(([, p]) => p.receivers ?? []);
  for (const id of tracing) {
    if (typeOf(id) !== 'otlp') continue;
    const settings = (config.receivers?.[id]?.protocols as Record<string, { endpoint?: string; tls?: unknown } | null> | undefined)?.[protocol];
    const endpoint = settings?.endpoint;
    if (endpoint && Number(endpoint.slice(endpoint.lastIndexOf(':') + 1)) === port) return { id, tls: settings.tls !== undefined };
  }
  return undefined;
}

/** Where a Service's port leads: the first workload it selects, and the container port there. */
function followService(docs: Manifest[], name: string, port: number): { target?: Workload; containerPort?: number; problem?: string } {
  const service = find<IService>(docs, 'Service', name);
  if (!service) return { problem: `no Service ${name}` };
  const servicePort = service.spec?.ports?.find((p) => p.port === port);
  if (!servicePort) return { problem: `Service ${name} has no port ${port}` };
  const target = workloads(docs).find((w) => Object.entries(service.spec?.selector ?? {}).every(([k, v]) => podLabels(w)[k] === v));
  if (!target) return { problem: `Service ${name} selects no pods` };
  const wanted = servicePort.targetPort ?? port;
  const containerPort = containersOf(target)
    .flatMap((c) => c.ports ?? [])
    .find((p) => (typeof wanted === 'number' ? p.containerPort === wanted : p.name === wanted))?.containerPort;
  return containerPort === undefined ? { problem: `Service ${name} port ${port} targets ${wanted}, which its pods do not expose` } : { target, containerPort };
}

const mayConnect = (docs: Manifest[], from: Workload, to: Workload, port: number) =>
  evaluate(networkPoliciesOf(docs), { from: podOfWorkload(from), to: podOfWorkload(to), port, protocol: 'TCP' }).allowed;

/**
 * What the pods of a Deployment serve is listened on: every port its Services target and every
 * probe's port is an endpoint of its configuration bound to all interfaces, and the probes ask the
 * health extension's path.
 */
function checkListening(docs: Manifest[], w: Workload, config: CollectorConfig): string[] {
  const where = `Deployment/${w.name}`;
  const problems: string[] = [];
  const container: IContainer = containersOf(w)[0]!;
  const listeners = listenersOf(config);
  for (const l of listeners) {
    if (!ALL_INTERFACES.includes(l.host)) problems.push(`${where}: ${l.at} listens on ${l.host}:${l.port}, which other pods cannot reach; use 0.0.0.0:${l.port}`);
  }
  const portNumber = (port: number | string | undefined) => (typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort);
  const served = ofServices(docs, w).map((p) => ({ what: `Service ${p.service} port ${p.port}`, port: p.containerPort }));
  for (const [kind, probe] of [['livenessProbe', container.livenessProbe], ['readinessProbe', container.readinessProbe]] as const) {
    const get = probe?.httpGet;
    if (!get) continue;
    const port = portNumber(get.port);
    served.push({ what: `${kind} port ${get.port}`, port });
    const health = listeners.find((l) => l.port === port && l.at.startsWith('extensions.'));
    if (health) {
      const extension = config.extensions?.[health.at.split('.')[1]!] ?? {};
      const path = typeOf(health.at.split('.')[1]!) === 'healthcheckv2' ? (((extension.http as Record<string, { path?: string }> | undefined)?.status?.path) ?? '/status') : ((extension.path as string | undefined) ?? '/');
      if (get.path !== path) problems.push(`${where}: ${kind} asks ${get.path}, the health check answers ${path}`);
    }
  }
  for (const { what, port } of served) {
    // A port its pods do not expose is checkServiceSelectors' to report.
    if (port !== undefined && !listeners.some((l) => l.port === port)) problems.push(`${where}: ${what} (${port}) is a port its configuration does not listen on`);
  }
  return problems;
}

function ofServices(docs: Manifest[], w: Workload): { service: string; port: number; containerPort?: number }[] {
  return docs
    .filter((d): d is IService & Manifest => d.kind === 'Service')
    .filter((s) => Object.keys(s.spec?.selector ?? {}).length > 0 && Object.entries(s.spec?.selector ?? {}).every(([k, v]) => podLabels(w)[k] === v))
    .flatMap((s) => (s.spec?.ports ?? []).map((p) => ({ service: s.metadata.name, port: p.port, containerPort: followService(docs, s.metadata.name, p.port).containerPort })));
}

/** The collector's traces pipeline exports to Jaeger's OTLP receiver, over a protocol and a path that are open. */
function checkExportToJaeger(docs: Manifest[], collector: Workload, config: CollectorConfig, jaeger: { w: Workload; config: CollectorConfig } | undefined): string[] {
  const where = `Deployment/${collector.name}`;
  const problems: string[] = [];
  const exporters = Object.entries(config.service?.pipelines ?? {})
    .filter(([id]) => typeOf(id) === 'traces')
    .flatMap(([, p]) => p.exporters ?? []);
  let reachesJaeger = false;
  for (const id of exporters) {
    const type = typeOf(id);
    const settings = (config.exporters?.[id] ?? {}) as { endpoint?: string; tls?: { insecure?: boolean } };
    const protocol = type === 'otlp_grpc' || type === 'otlp' ? 'grpc' : type === 'otlp_http' || type === 'otlphttp' ? 'http' : undefined;
    if (!protocol || !settings.endpoint) continue;
    const at = `${where} exporter ${id}`;
    let url: URL;
    try {
      url = new URL(protocol === 'grpc' ? `grpc://${settings.endpoint.replace(/^dns:\/\/\//, '')}` : settings.endpoint);
    } catch {
      problems.push(`${at}: endpoint ${settings.endpoint} is not host:port`);
      continue;
    }
    const host = serviceName(url.hostname);
    const port = Number(url.port || (protocol === 'grpc' ? 4317 : 4318));
    const followed = followService(docs, host, port);
    if (!followed.target) {
      problems.push(`${at}: ${settings.endpoint}: ${followed.problem}`);
      continue;
    }
    if (followed.target.name !== jaeger?.w.name) continue;
    reachesJaeger = true;
    const receiver = otlpReceiverOn(jaeger.config, protocol, followed.containerPort!);
    if (!receiver) problems.push(`${at}: Jaeger has no OTLP ${protocol} receiver in a traces pipeline on port ${followed.containerPort}`);
    else if (!receiver.tls && protocol === 'grpc' && settings.tls?.insecure !== true) problems.push(`${at}: speaks TLS (tls.insecure is not true) to Jaeger's plain ${receiver.id} receiver`);
    if (!mayConnect(docs, collector, followed.target, followed.containerPort!)) problems.push(`${at}: the NetworkPolicies do not let ${collector.name}'s pods reach ${host} on port ${followed.containerPort}`);
  }
  if (!reachesJaeger) problems.push(`${where}: no exporter of its traces pipeline sends to the Service ${JAEGER}`);
  return problems;
}

/**
 * Every service sends its spans to the collector: OTEL_EXPORTER_OTLP_ENDPOINT names the collector's
 * Service on a port where its OTLP/HTTP receiver listens, in a protocol the SDK speaks, through the
 * NetworkPolicies.
 */
function checkServicesExport(docs: Manifest[], secrets: SecretData, collector: Workload, config: CollectorConfig): string[] {
  const problems: string[] = [];
  for (const w of workloads(docs).filter((x) => x.kind === 'Deployment' && podLabels(x).tier === 'service')) {
    const where = `Deployment/${w.name}`;
    const { env } = resolveContainerEnv(containersOf(w)[0]!, docs, secrets);
    const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const protocol = env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
    if (!endpoint) {
      problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT is not set, so it sends no spans`);
      continue;
    }
    if (!SDK_PROTOCOLS.includes(protocol)) problems.push(`${where}: OTEL_EXPORTER_OTLP_PROTOCOL is ${protocol}; the services export ${SDK_PROTOCOLS.join(' or ')}`);
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT is not a URL: ${endpoint}`);
      continue;
    }
    const host = serviceName(url.hostname);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const followed = followService(docs, host, port);
    if (!followed.target) {
      problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint}: ${followed.problem}`);
      continue;
    }
    if (followed.target.name !== collector.name) {
      problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint} leads to ${followed.target.name}, not ${collector.name}`);
      continue;
    }
    const receiver = otlpReceiverOn(config, 'http', followed.containerPort!);
    if (!receiver) problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint}: the collector has no OTLP http receiver in a traces pipeline on port ${followed.containerPort}`);
    else if (receiver.tls !== (url.protocol === 'https:')) problems.push(`${where}: OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint} is ${url.protocol.slice(0, -1)}, the collector's ${receiver.id} receiver ${receiver.tls ? 'wants' : 'serves no'} TLS`);
    if (!mayConnect(docs, w, followed.target, followed.containerPort!)) problems.push(`${where}: the NetworkPolicies do not let its pods reach ${host} on port ${followed.containerPort}`);
  }
  return problems;
}

/** Every check of the observability component in a rendered overlay. */
export function checkTraces(docs: Manifest[], secrets: SecretData): string[] {
  const collector = deployment(docs, COLLECTOR);
  const jaeger = deployment(docs, JAEGER);
  const problems: string[] = [];
  if (!collector) problems.push(`no Deployment ${COLLECTOR}`);
  if (!jaeger) problems.push(`no Deployment ${JAEGER}`);
  const read = (w: Workload | undefined) => {
    if (!w) return undefined;
    const { config, problems: found } = mountedConfig(docs, w);
    problems.push(...found);
    if (!config) return undefined;
    problems.push(...checkPipelines(`Deployment/${w.name}`, config), ...checkListening(docs, w, config));
    return config;
  };
  const collectorConfig = read(collector);
  const jaegerConfig = read(jaeger);
  if (collector && collectorConfig) {
    problems.push(...checkExportToJaeger(docs, collector, collectorConfig, jaeger && jaegerConfig ? { w: jaeger, config: jaegerConfig } : undefined));
    problems.push(...checkServicesExport(docs, secrets, collector, collectorConfig));
  }
  return problems;
}
