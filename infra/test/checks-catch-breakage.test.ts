/**
 * The checks are only worth something if they fail: each test here breaks one reference in a copy
 * of a rendered overlay (or of skaffold.yaml, or of the Dockerfile) and expects the check to name it,
 * and the whole-overlay check to report it as well.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  checkAppEnvironment,
  checkCommands,
  checkConnectionBudgets,
  checkConnections,
  checkDisruptionBudgets,
  checkEventListeners,
  checkGracefulShutdown,
  checkHardening,
  checkImages,
  checkIngress,
  checkNamespace,
  checkNetworkIsolation,
  checkOverlay,
  checkProbes,
  checkReplicas,
  checkSchemas,
  checkServiceSelectors,
  checkTrustProxy,
  type OverlayContext,
} from './support/checks';
import { checkDockerfile } from './support/dockerfile';
import type { Manifest } from './support/manifests';
import { checkAlertRules, checkDashboards, checkMetricsShown, checkPodMonitors } from './support/monitoring';
import { checkNetworkPaths } from './support/network-paths';
import { checkTraces } from './support/observability';
import { renderOverlay, renderWithComponents } from './support/render';
import { components, repoRoot, type OverlayName } from './support/repo';
import { developmentSecrets, productionSecrets } from './support/secrets';
import { APP_PORT, APP_WORKSPACES } from './support/services';
import { artifactsFor, checkSkaffold, imagesOf, loadSkaffold, type SkaffoldConfig } from './support/skaffold';

// Rendered documents are plain JSON; the mutations below reach into them freely.
type Loose = any;

const skaffold = loadSkaffold();
const rendered = {} as Record<OverlayName, Manifest[]>;
const contexts = {} as Record<OverlayName, OverlayContext>;
/** Each overlay with the monitoring and observability components (infra/test/kustomizations). */
const withComponents = {} as Record<OverlayName, Manifest[]>;
const componentContexts = {} as Record<OverlayName, OverlayContext>;

beforeAll(() => {
  rendered.dev = renderOverlay('dev').docs;
  rendered.prod = renderOverlay('prod').docs;
  withComponents.dev = renderWithComponents('dev').docs;
  withComponents.prod = renderWithComponents('prod').docs;
  contexts.dev = { overlay: 'dev', secrets: developmentSecrets(), artifacts: artifactsFor(skaffold) };
  contexts.prod = { overlay: 'prod', secrets: productionSecrets(), artifacts: artifactsFor(skaffold, 'prod') };
  componentContexts.dev = { ...contexts.dev, components };
  componentContexts.prod = { ...contexts.prod, components };
}, 60_000);

/** A copy of the documents with `change` applied to the named one (a generated name may carry its hash). */
function brokenCopy(source: Manifest[], kind: string, name: string, change: (doc: Loose) => void): Manifest[] {
  const docs = structuredClone(source);
  const doc = docs.find((d) => d.kind === kind && (d.metadata.name === name || d.metadata.name.startsWith(`${name}-`)));
  if (!doc) throw new Error(`no ${kind}/${name} to break`);
  change(doc);
  return docs;
}

/** A copy of the overlay's documents with `change` applied to the named one. */
const broken = (overlay: OverlayName, kind: string, name: string, change: (doc: Loose) => void) => brokenCopy(rendered[overlay], kind, name, change);

const container = (doc: Loose) => doc.spec.template.spec.containers[0];
const envVar = (doc: Loose, name: string) => container(doc).env.find((e: Loose) => e.name === name);

/** The check reports a problem matching `pattern`, and so does the whole overlay's check. */
function expectCaught(problems: string[], pattern: RegExp, docs: Manifest[], overlay: OverlayName, context: OverlayContext = contexts[overlay]) {
  expect(problems).toContainEqual(expect.stringMatching(pattern));
  expect(checkOverlay(docs, context)).toContainEqual(expect.stringMatching(pattern));
}

describe('the manifest checks, given a broken copy of an overlay', () => {
  it('when the rendered overlays are untouched, then the whole check finds nothing', () => {
    expect(checkOverlay(rendered.dev, contexts.dev)).toEqual([]);
    expect(checkOverlay(rendered.prod, contexts.prod)).toEqual([]);
  });

  it('when a readiness probe path is renamed, then the probe check names the Deployment and both paths', () => {
    const docs = broken('dev', 'Deployment', 'orders', (d) => (container(d).readinessProbe.httpGet.path = '/ready'));
    expectCaught(checkProbes(docs, contexts.dev.secrets), /^Deployment\/orders: readinessProbe asks \/ready, the service serves \/readyz$/, docs, 'dev');
  });

  it('when a liveness probe asks another port, then the probe check says the service listens elsewhere', () => {
    const docs = broken('prod', 'Deployment', 'tickets', (d) => (container(d).livenessProbe.httpGet.port = 3001));
    expectCaught(checkProbes(docs, contexts.prod.secrets), /^Deployment\/tickets: livenessProbe asks port 3001 \(3001\), the service listens on 3000$/, docs, 'prod');
  });

  it('when PORT no longer matches the container port, then the probe check says so', () => {
    const docs = broken('dev', 'Deployment', 'auth', (d) => (envVar(d, 'PORT').value = '4000'));
    expectCaught(checkProbes(docs, contexts.dev.secrets), /^Deployment\/auth: the service listens on PORT 4000, which is not a containerPort/, docs, 'dev');
  });

  it("when a variable the service requires is dropped, then the service's own config loader refuses it", () => {
    const docs = broken('dev', 'Deployment', 'tickets', (d) => {
      container(d).env = container(d).env.filter((e: Loose) => e.name !== 'JWT_KEY');
    });
    expectCaught(checkAppEnvironment(docs, contexts.dev.secrets, 'development'), /^Deployment\/tickets: the service's config refuses its environment: .*JWT_KEY is required/s, docs, 'dev');
  });

  it('when tickets loses CREDENTIAL_KEYS in the prod overlay, then its config refuses to start without it', () => {
    const docs = broken('prod', 'Deployment', 'tickets', (d) => {
      container(d).env = container(d).env.filter((e: Loose) => e.name !== 'CREDENTIAL_KEYS');
    });
    expectCaught(checkAppEnvironment(docs, contexts.prod.secrets, 'production'), /^Deployment\/tickets: the service's config refuses its environment: .*CREDENTIAL_KEYS is required in production/s, docs, 'prod');
  });

  it('when notifications loses MAIL_FROM in the prod overlay, whose Secrets hold an SMTP_URL, then its config refuses to start without it', () => {
    const docs = broken('prod', 'ConfigMap', 'notifications-config', (d) => delete d.data.MAIL_FROM);
    const problems = checkAppEnvironment(docs, contexts.prod.secrets, 'production');
    expectCaught(problems, /^Deployment\/notifications: MAIL_FROM is not set/, docs, 'prod');
    expectCaught(problems, /^Deployment\/notifications: the service's config refuses its environment: .*MAIL_FROM is required when SMTP_URL is set/s, docs, 'prod');
  });

  it('when a variable whose default only suits a laptop is dropped from the ConfigMap, then every service needing it is named', () => {
    const docs = broken('prod', 'ConfigMap', 'ticketing-config', (d) => delete d.data.NATS_URL);
    const problems = checkAppEnvironment(docs, contexts.prod.secrets, 'production');
    for (const service of ['tickets', 'orders', 'orders-worker', 'payments', 'expiration', 'notifications']) {
      expectCaught(problems, new RegExp(`^Deployment/${service}: NATS_URL is not set`), docs, 'prod');
    }
  });

  it('when the web app loses API_URL, then it is reported even though its loader has a default', () => {
    const docs = broken('prod', 'ConfigMap', 'client-config', (d) => delete d.data.API_URL);
    expectCaught(checkAppEnvironment(docs, contexts.prod.secrets, 'production'), /^Deployment\/client: API_URL is not set/, docs, 'prod');
  });

  it('when development mode leaks into the prod overlay, then NODE_ENV is reported', () => {
    const docs = broken('prod', 'ConfigMap', 'ticketing-config', (d) => (d.data.NODE_ENV = 'development'));
    expectCaught(checkAppEnvironment(docs, contexts.prod.secrets, 'production'), /^Deployment\/auth: NODE_ENV is development, this overlay runs production$/, docs, 'prod');
  });

  it('when DATABASE_URL comes before the password it expands, then the unexpanded reference is reported', () => {
    const docs = broken('dev', 'Deployment', 'orders', (d) => {
      const env = container(d).env;
      const url = env.findIndex((e: Loose) => e.name === 'DATABASE_URL');
      env.unshift(...env.splice(url, 1));
    });
    expectCaught(checkAppEnvironment(docs, contexts.dev.secrets, 'development'), /^Deployment\/orders: container orders: DATABASE_URL refers to \$\(DB_PASSWORD\), which is not defined before it$/, docs, 'dev');
  });

  it('when a secretKeyRef names a key create-secrets.sh does not make, then the pod is reported unable to start', () => {
    const docs = broken('prod', 'Deployment', 'auth', (d) => (envVar(d, 'JWT_KEY').valueFrom.secretKeyRef.key = 'JWT_SECRET'));
    expectCaught(checkAppEnvironment(docs, contexts.prod.secrets, 'production'), /^Deployment\/auth: container auth: JWT_KEY reads key JWT_SECRET of Secret jwt, which create-secrets.sh does not create$/, docs, 'prod');
  });

  it('when an image is misspelt, then both the unknown image and the unused skaffold artifact are named', () => {
    const docs = broken('dev', 'Deployment', 'payments', (d) => (container(d).image = 'ticketing/paymnets'));
    const problems = checkImages(docs, imagesOf(contexts.dev.artifacts));
    expectCaught(problems, /^Deployment\/payments: container payments uses image ticketing\/paymnets, which skaffold does not build$/, docs, 'dev');
    expectCaught(problems, /^skaffold builds ticketing\/payments, which no manifest uses$/, docs, 'dev');
  });

  it("when the orders worker runs the dev stage's command in prod, the production one in the dev loop, or no entry point of its own, then each is named", () => {
    const devArgs = container(rendered.dev.find((d) => d.kind === 'Deployment' && d.metadata.name === 'orders-worker')).args;
    const devCommand = broken('prod', 'Deployment', 'orders-worker', (d) => (container(d).args = devArgs));
    expectCaught(checkCommands(devCommand, contexts.prod.artifacts), /^Deployment\/orders-worker: args \["sh","-c",.*\], where ticketing\/orders at target service runs dist\/worker.js with \["node","dist\/worker.js"\]$/, devCommand, 'prod');
    const prodCommand = broken('dev', 'Deployment', 'orders-worker', (d) => (container(d).args = ['node', 'dist/worker.js']));
    expectCaught(checkCommands(prodCommand, contexts.dev.artifacts), /^Deployment\/orders-worker: args \["node","dist\/worker.js"\], where ticketing\/orders at target service-dev runs dist\/worker.js with \["sh","-c",".*exec node --watch \\"\$SERVICE\/dist\/worker.js\\""\]$/, prodCommand, 'dev');
    const none = broken('prod', 'Deployment', 'orders-worker', (d) => delete container(d).args);
    expectCaught(checkCommands(none, contexts.prod.artifacts), /^Deployment\/orders-worker: args null, where ticketing\/orders at target service runs dist\/worker.js with/, none, 'prod');
  });

  it("when a service runs another workspace's image, or its command replaces the image's, then each is named", () => {
    const image = broken('dev', 'Deployment', 'orders-worker', (d) => (container(d).image = 'ticketing/tickets'));
    expectCaught(checkCommands(image, contexts.dev.artifacts), /^Deployment\/orders-worker: runs image ticketing\/tickets, not its workspace's ticketing\/orders$/, image, 'dev');
    const command = broken('prod', 'Deployment', 'orders', (d) => (container(d).command = ['node', 'dist/worker.js']));
    expectCaught(checkCommands(command, contexts.prod.artifacts), /^Deployment\/orders: command \["node","dist\/worker.js"\] replaces the entrypoint of its image$/, command, 'prod');
    const args = broken('prod', 'Deployment', 'tickets', (d) => (container(d).args = ['node', 'dist/index.js']));
    expectCaught(checkCommands(args, contexts.prod.artifacts), /^Deployment\/tickets: args \["node","dist\/index.js"\] replace the command of its image$/, args, 'prod');
  });

  it("when orders is no longer told to leave its event listeners to the worker, or the worker is gone, then orders' listeners are reported run twice, or by nobody", () => {
    const twice = broken('dev', 'ConfigMap', 'orders-config', (d) => delete d.data.EVENT_LISTENERS);
    expectCaught(checkEventListeners(twice, contexts.dev.secrets), /^orders: its event listeners run in orders and orders-worker; they belong in one of them$/, twice, 'dev');
    const nobody = structuredClone(rendered.prod).filter((d) => !(d.kind === 'Deployment' && d.metadata.name === 'orders-worker'));
    expectCaught(checkEventListeners(nobody, contexts.prod.secrets), /^orders: none of orders, orders-worker runs its event listeners, so its events wait unhandled$/, nobody, 'prod');
  });

  it("when orders' worker may scale to four, or orders' pools grow, then orders-postgres is reported short of connections at the ceilings", () => {
    const scaled = broken('prod', 'HorizontalPodAutoscaler', 'orders-worker', (d) => (d.spec.maxReplicas = 4));
    expectCaught(
      checkConnectionBudgets(scaled, contexts.prod.secrets),
      /^orders-postgres: 108 connections at the ceilings \(orders 6 × \(10 \+ 2 \+ 2 LISTEN\) \+ orders-worker 4 × \(1 \+ 4 \+ 1 LISTEN\)\), over the 97 it allows$/,
      scaled,
      'prod',
    );
    const pools = broken('prod', 'ConfigMap', 'orders-config', (d) => (d.data.DATABASE_BACKGROUND_POOL_SIZE = '4'));
    expectCaught(checkConnectionBudgets(pools, contexts.prod.secrets), /^orders-postgres: 108 connections at the ceilings/, pools, 'prod');
  });

  it('when a third-party image loses its version, then it is reported unpinned', () => {
    const docs = broken('prod', 'StatefulSet', 'redis', (d) => (container(d).image = 'redis'));
    expectCaught(checkImages(docs, imagesOf(contexts.prod.artifacts)), /^StatefulSet\/redis: third-party image redis must be pinned/, docs, 'prod');
  });

  it('when a Service selector is broken, then the Service is reported selecting no pods', () => {
    const docs = broken('dev', 'Service', 'auth', (d) => (d.spec.selector = { app: 'authh' }));
    expectCaught(checkServiceSelectors(docs), /^Service\/auth: selector \{"app":"authh"\} matches no pod template$/, docs, 'dev');
  });

  it('when a Service targets a port its pods do not expose, then the port is named', () => {
    const docs = broken('prod', 'Service', 'nats', (d) => (d.spec.ports[0].targetPort = 'clients'));
    expectCaught(checkServiceSelectors(docs), /^Service\/nats: port client targets clients, which its pods do not expose$/, docs, 'prod');
  });

  it('when a field is misspelt (readinesProbe), then it is an unknown field, and the probe is missing', () => {
    const docs = broken('dev', 'Deployment', 'orders', (d) => {
      const c = container(d);
      c.readinesProbe = c.readinessProbe;
      delete c.readinessProbe;
    });
    expectCaught(checkSchemas(docs), /^Deployment\/orders: unknown field \/spec\/template\/spec\/containers\/0\/readinesProbe$/, docs, 'dev');
    expectCaught(checkProbes(docs, contexts.dev.secrets), /^Deployment\/orders: no readinessProbe$/, docs, 'dev');
  });

  it('when a value has the wrong type, then kubernetes-models reports it', () => {
    const docs = broken('prod', 'HorizontalPodAutoscaler', 'auth', (d) => (d.spec.minReplicas = 'two'));
    expectCaught(checkSchemas(docs), /^HorizontalPodAutoscaler\/auth: data\/spec\/minReplicas must be integer/, docs, 'prod');
  });

  it('when an ingress backend names a missing Service or port, then the path is named', () => {
    const docs = broken('dev', 'Ingress', 'ticketing', (d) => {
      d.spec.rules[0].http.paths[1].backend.service.name = 'ticket';
      d.spec.rules[0].http.paths[3].backend.service.port = { name: 'web' };
    });
    const problems = checkIngress(docs, { tls: false });
    expectCaught(problems, /^Ingress\/ticketing path \/api\/tickets: backend Service ticket does not exist$/, docs, 'dev');
    expectCaught(problems, /^Ingress\/ticketing path \/api\/orders: Service orders has no port web$/, docs, 'dev');
    expectCaught(problems, /^ingress: \/api\/tickets goes to ticket, not tickets$/, docs, 'dev');
  });

  it('when the prod ingress loses its certificate, then the host is reported without TLS', () => {
    const docs = broken('prod', 'Ingress', 'ticketing', (d) => delete d.spec.tls);
    expectCaught(checkIngress(docs, { tls: true }), /^Ingress\/ticketing: host ticketing.dev has no TLS certificate$/, docs, 'prod');
  });

  it("when a database's NetworkPolicy is removed, then the default deny cuts its own service off, and both checks say so", () => {
    const docs = structuredClone(rendered.prod).filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'orders-postgres'));
    expectCaught(checkNetworkIsolation(docs), /^StatefulSet\/orders-postgres: orders uses it, but may not connect$/, docs, 'prod');
    expectCaught(checkNetworkPaths(docs, { tls: true }), /^network: orders → orders-postgres \(5432\/TCP\) is denied: .*ingress of ticketing\/orders-postgres: selected by default-deny, allowed by none; expected allowed$/, docs, 'prod');
  });

  it('when a database lets in every namespace, then pods of other namespaces and the services that do not use it are named', () => {
    const docs = broken('dev', 'NetworkPolicy', 'payments-postgres', (d) => (d.spec.ingress[0].from = [{ namespaceSelector: {} }]));
    const problems = checkNetworkIsolation(docs);
    expectCaught(problems, /^StatefulSet\/payments-postgres: a pod of another namespace may connect$/, docs, 'dev');
    expectCaught(problems, /^StatefulSet\/payments-postgres: orders may connect, but does not use it$/, docs, 'dev');
  });

  it('when the default deny is removed, then a new pod of the namespace is reported open to any pod', () => {
    const docs = structuredClone(rendered.dev).filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'default-deny'));
    expectCaught(checkNetworkPaths(docs, { tls: false }), /^network: a pod of another namespace → a new pod of the namespace that no policy names \(3000\/TCP\) is allowed: .*; expected denied$/, docs, 'dev');
  });

  it("when the ingress controller's two selectors become two peers, then its namespace's other pods and look-alikes of this namespace get in", () => {
    const docs = broken('prod', 'NetworkPolicy', 'from-ingress-nginx', (d) => {
      const [{ namespaceSelector, podSelector }] = d.spec.ingress[0].from;
      d.spec.ingress[0].from = [{ namespaceSelector }, { podSelector }];
    });
    expectCaught(checkNetworkPaths(docs, { tls: true }), /^network: another pod of the ingress controller's namespace → auth \(3000\/TCP\) is allowed: .*; expected denied$/, docs, 'prod');
  });

  it('when the Stripe rule selects every pod or loses its exceptions, then the internet, other namespaces and the metadata endpoint open up', () => {
    const everyPod = broken('prod', 'NetworkPolicy', 'payments-to-stripe', (d) => (d.spec.podSelector = {}));
    expectCaught(checkNetworkPaths(everyPod, { tls: true }), /^network: orders → the internet \(443\/TCP\) is allowed: egress of ticketing\/orders: selected by .*allowed by payments-to-stripe; .*; expected denied$/, everyPod, 'prod');
    const noExceptions = broken('dev', 'NetworkPolicy', 'payments-to-stripe', (d) => delete d.spec.egress[0].to[0].ipBlock.except);
    const problems = checkNetworkPaths(noExceptions, { tls: false });
    expectCaught(problems, /^network: payments → a pod of another namespace \(443\/TCP\) is allowed: .*; expected denied$/, noExceptions, 'dev');
    expectCaught(problems, /^network: payments → the cloud metadata endpoint \(443\/TCP\) is allowed: .*; expected denied$/, noExceptions, 'dev');
  });

  it('when DNS is allowed over UDP only, then every pod is reported unable to look up over TCP', () => {
    const docs = broken('dev', 'NetworkPolicy', 'egress-in-namespace-and-dns', (d) => (d.spec.egress[1].ports = [{ protocol: 'UDP', port: 53 }]));
    const problems = checkNetworkPaths(docs, { tls: false });
    for (const name of ['auth', 'client', 'nats', 'redis']) {
      expectCaught(problems, new RegExp(`^network: ${name} → kube-dns \\(53/TCP\\) is denied: .*; expected allowed$`), docs, 'dev');
    }
  });

  it("when API_URL names another namespace than the policies' ingress controller, then the web app's calls and the ingress's requests are reported denied", () => {
    const docs = broken('prod', 'ConfigMap', 'client-config', (d) => (d.data.API_URL = 'http://ingress-nginx-controller.ingress.svc.cluster.local'));
    const problems = checkNetworkPaths(docs, { tls: true });
    expectCaught(problems, /^network: client \(server-side rendering\) → the ingress controller named by API_URL \(80\/TCP\) is denied: .*; expected allowed$/, docs, 'prod');
    expectCaught(problems, /^network: the ingress controller → auth \(3000\/TCP\) is denied: .*; expected allowed$/, docs, 'prod');
  });

  it('when the prod overlay loses the way in for the certificate solver, then issuing the certificate is reported blocked', () => {
    const docs = structuredClone(rendered.prod).filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'acme-http01-solver'));
    expectCaught(checkNetworkPaths(docs, { tls: true }), /^network: the ingress controller → cert-manager's HTTP-01 solver \(8089\/TCP\) is denied: .*; expected allowed$/, docs, 'prod');
  });

  it('when TRUST_PROXY trusts the private ranges again, or is dropped, then every service behind the ingress is named', () => {
    const ranges = broken('dev', 'ConfigMap', 'ticketing-config', (d) => (d.data.TRUST_PROXY = 'loopback, linklocal, uniquelocal'));
    for (const service of ['auth', 'tickets', 'orders', 'orders-worker', 'payments', 'expiration', 'notifications']) {
      expectCaught(checkTrustProxy(ranges, contexts.dev.secrets), new RegExp(`^Deployment/${service}: TRUST_PROXY is "loopback, linklocal, uniquelocal", not the hop count 1 \\(ingress-nginx alone\\)$`), ranges, 'dev');
    }
    const dropped = broken('dev', 'ConfigMap', 'ticketing-config', (d) => delete d.data.TRUST_PROXY);
    expectCaught(checkTrustProxy(dropped, contexts.dev.secrets), /^Deployment\/auth: TRUST_PROXY is not set, and the services' default trusts every private address$/, dropped, 'dev');
  });

  it("when the orders worker is left out of orders-postgres' and NATS's policies, or let in by the ingress controller's, then each is named", () => {
    const shut = broken('prod', 'NetworkPolicy', 'orders-postgres', (d) => (d.spec.ingress[0].from = [{ podSelector: { matchLabels: { app: 'orders' } } }]));
    expectCaught(checkNetworkIsolation(shut), /^StatefulSet\/orders-postgres: orders-worker uses it, but may not connect$/, shut, 'prod');
    expectCaught(checkConnections(shut, contexts.prod.secrets), /^Deployment\/orders-worker DATABASE_URL: the NetworkPolicies of orders-postgres do not let orders-worker's pods reach port 5432$/, shut, 'prod');
    const noBus = broken('dev', 'NetworkPolicy', 'nats', (d) => (d.spec.ingress[0].from[0].podSelector.matchExpressions[0].values = d.spec.ingress[0].from[0].podSelector.matchExpressions[0].values.filter((v: string) => v !== 'orders-worker')));
    expectCaught(checkNetworkPaths(noBus, { tls: false }), /^network: orders-worker → nats \(4222\/TCP\) is denied: .*; expected allowed$/, noBus, 'dev');
    const routed = broken('prod', 'NetworkPolicy', 'from-ingress-nginx', (d) => d.spec.podSelector.matchExpressions[0].values.push('orders-worker'));
    expectCaught(checkNetworkPaths(routed, { tls: true }), /^network: the ingress controller → orders-worker \(3000\/TCP\) is allowed: .*; expected denied$/, routed, 'prod');
  });

  it('when a NetworkPolicy lets in a service that does not use the database, then that service is named', () => {
    const docs = broken('dev', 'NetworkPolicy', 'orders-postgres', (d) => d.spec.ingress[0].from.push({ podSelector: { matchLabels: { app: 'tickets' } } }));
    expectCaught(checkNetworkIsolation(docs), /^StatefulSet\/orders-postgres: tickets may connect, but does not use it$/, docs, 'dev');
  });

  it("when a service's URL points at another service's database, then the connection check names both and the policy that blocks it", () => {
    const docs = broken('prod', 'Deployment', 'orders', (d) => (envVar(d, 'DATABASE_URL').value = 'postgres://orders:$(DB_PASSWORD)@tickets-postgres:5432/orders'));
    const problems = checkConnections(docs, contexts.prod.secrets);
    expectCaught(problems, /^Deployment\/orders DATABASE_URL: points at tickets-postgres, expected orders-postgres$/, docs, 'prod');
    expectCaught(problems, /^Deployment\/orders DATABASE_URL: the NetworkPolicies of tickets-postgres do not let orders's pods reach port 5432$/, docs, 'prod');
  });

  it('when a pod loses its limits or its security settings, then each is named', () => {
    const docs = broken('prod', 'Deployment', 'expiration', (d) => {
      delete container(d).resources.limits;
      container(d).securityContext.allowPrivilegeEscalation = true;
      container(d).securityContext.readOnlyRootFilesystem = false;
      delete d.spec.template.spec.securityContext.runAsNonRoot;
    });
    const problems = checkHardening(docs, { writableRoot: false });
    for (const pattern of [/no memory limit/, /no cpu limit/, /allowPrivilegeEscalation is not false/, /root filesystem is writable/, /runAsNonRoot is not true/]) {
      expectCaught(problems, new RegExp(`^Deployment/expiration container expiration: ${pattern.source}$`), docs, 'prod');
    }
  });

  it('when the grace period is shorter than the preStop pause and the drain, then the shutdown check says so', () => {
    const docs = broken('dev', 'Deployment', 'payments', (d) => (d.spec.template.spec.terminationGracePeriodSeconds = 10));
    expectCaught(checkGracefulShutdown(docs, contexts.dev.secrets), /^Deployment\/payments: terminationGracePeriodSeconds 10 does not cover preStop 5s \+ drain 10s$/, docs, 'dev');
  });

  it('when a PodDisruptionBudget is removed, then the service is named', () => {
    const docs = structuredClone(rendered.dev).filter((d) => !(d.kind === 'PodDisruptionBudget' && d.metadata.name === 'client'));
    expectCaught(checkDisruptionBudgets(docs), /^Deployment\/client: no PodDisruptionBudget selects its pods$/, docs, 'dev');
  });

  it('when a HorizontalPodAutoscaler is removed or allows one replica, then production scaling is reported', () => {
    const docs = structuredClone(rendered.prod).filter((d) => !(d.kind === 'HorizontalPodAutoscaler' && d.metadata.name === 'orders'));
    expectCaught(checkReplicas(docs, 'prod'), /^Deployment\/orders: no HorizontalPodAutoscaler$/, docs, 'prod');
    const single = broken('prod', 'HorizontalPodAutoscaler', 'client', (d) => (d.spec.minReplicas = 1));
    expectCaught(checkReplicas(single, 'prod'), /^HorizontalPodAutoscaler\/client: minReplicas 1, production runs two or more$/, single, 'prod');
  });

  it('when an object lands outside the namespace, then it is named', () => {
    const docs = broken('dev', 'ConfigMap', 'orders-config', (d) => delete d.metadata.namespace);
    expectCaught(checkNamespace(docs), /^ConfigMap\/orders-config-\w+: namespace is unset, not ticketing$/, docs, 'dev');
  });
});

describe('the component checks, given a broken copy of an overlay with the monitoring and observability components', () => {
  const brokenWith = (overlay: OverlayName, kind: string, name: string, change: (doc: Loose) => void) => brokenCopy(withComponents[overlay], kind, name, change);
  const caught = (problems: string[], pattern: RegExp, docs: Manifest[], overlay: OverlayName) => expectCaught(problems, pattern, docs, overlay, componentContexts[overlay]);
  /** A copy whose ConfigMap `name` holds `key` changed by `change`, as YAML or JSON. */
  const brokenFile = (overlay: OverlayName, name: string, key: string, change: (content: Loose) => void) =>
    brokenWith(overlay, 'ConfigMap', name, (d) => {
      const json = key.endsWith('.json');
      const content = json ? JSON.parse(d.data[key]) : parseYaml(d.data[key]);
      change(content);
      d.data[key] = json ? JSON.stringify(content) : stringifyYaml(content);
    });
  const rule = (doc: Loose, alert: string) => doc.spec.groups.flatMap((g: Loose) => g.rules).find((r: Loose) => r.alert === alert);
  const panel = (dashboard: Loose, title: string) => dashboard.panels.find((p: Loose) => p.title === title);

  it('when the rendered overlays with the components are untouched, then the whole check finds nothing', () => {
    expect(checkOverlay(withComponents.dev, componentContexts.dev)).toEqual([]);
    expect(checkOverlay(withComponents.prod, componentContexts.prod)).toEqual([]);
  });

  it('when the PodMonitor asks another port, another path, or selects one service only, then each pod it misses is named', () => {
    const port = brokenWith('prod', 'PodMonitor', 'ticketing-services', (d) => (d.spec.podMetricsEndpoints[0].port = 'metrics'));
    caught(checkPodMonitors(port), /^PodMonitor\/ticketing-services endpoint metrics: Deployment\/orders exposes no port metrics$/, port, 'prod');
    const metricPath = brokenWith('dev', 'PodMonitor', 'ticketing-services', (d) => (d.spec.podMetricsEndpoints[0].path = '/metric'));
    caught(checkPodMonitors(metricPath), /^PodMonitor\/ticketing-services endpoint http: Deployment\/auth is scraped at \/metric, its annotations ask \/metrics$/, metricPath, 'dev');
    const one = brokenWith('prod', 'PodMonitor', 'ticketing-services', (d) => (d.spec.selector.matchLabels = { app: 'orders' }));
    caught(checkPodMonitors(one), /^Deployment\/expiration: asks to be scraped, and no PodMonitor selects it$/, one, 'prod');
  });

  it("when a PodMonitor field is misspelt, then the Prometheus Operator's model reports it unknown", () => {
    const docs = brokenWith('dev', 'PodMonitor', 'ticketing-services', (d) => {
      d.spec.podMetricsEndpoints[0].scrapeInterval = d.spec.podMetricsEndpoints[0].interval;
      delete d.spec.podMetricsEndpoints[0].interval;
    });
    caught(checkSchemas(docs), /^PodMonitor\/ticketing-services: unknown field \/spec\/podMetricsEndpoints\/0\/scrapeInterval$/, docs, 'dev');
  });

  it('when the NetworkPolicy for Prometheus is removed, then every scraped service is named', () => {
    const docs = structuredClone(withComponents.prod).filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'from-prometheus'));
    caught(checkPodMonitors(docs), /^PodMonitor\/ticketing-services endpoint http: Deployment\/payments: the NetworkPolicies do not let Prometheus reach port 3000$/, docs, 'prod');
  });

  it("when an alert misspells a metric, a label's value or a duration, then the rule check and the schema name it", () => {
    const metric = brokenWith('prod', 'PrometheusRule', 'ticketing', (d) => (rule(d, 'TicketingEventsParked').expr = 'sum by (namespace, service, subject) (increase(events_deadlettered_total[15m])) > 0'));
    caught(checkAlertRules(metric), /^PrometheusRule\/ticketing alert TicketingEventsParked: events_deadlettered_total is not a metric the services serve/, metric, 'prod');
    const value = brokenWith('dev', 'PrometheusRule', 'ticketing', (d) => (rule(d, 'TicketingEmailsNotSent').expr = rule(d, 'TicketingEmailsNotSent').expr.replace('outcome="sent"', 'outcome="delivered"')));
    caught(checkAlertRules(value), /^PrometheusRule\/ticketing alert TicketingEmailsNotSent: notifications_emails_total\{outcome="delivered"\}: outcome is never "delivered" \(it is one of sent, failed, refused\)$/, value, 'dev');
    const duration = brokenWith('prod', 'PrometheusRule', 'ticketing', (d) => (rule(d, 'TicketingConsumerLagging').for = '10 minutes'));
    caught(checkAlertRules(duration), /^PrometheusRule\/ticketing alert TicketingConsumerLagging: for is 10 minutes, not a duration/, duration, 'prod');
    caught(checkSchemas(duration), /^PrometheusRule\/ticketing: .*for/, duration, 'prod');
  });

  it('when an alert loses its severity, its description or its for, then each is named', () => {
    const docs = brokenWith('prod', 'PrometheusRule', 'ticketing', (d) => {
      const r = rule(d, 'TicketingOutboxBacklogGrowing');
      delete r.labels.severity;
      delete r.annotations.description;
      delete r.for;
    });
    const problems = checkAlertRules(docs);
    for (const pattern of [/severity is unset/, /no description annotation/, /for is unset, not a duration/]) {
      caught(problems, new RegExp(`^PrometheusRule/ticketing alert TicketingOutboxBacklogGrowing: ${pattern.source}`), docs, 'prod');
    }
  });

  it("when an alert's summary names a label its expression aggregated away, then the label is named", () => {
    const docs = brokenWith('dev', 'PrometheusRule', 'ticketing', (d) => (rule(d, 'TicketingConsumerLagging').expr = 'max by (namespace, service) (events_consumer_pending) > 100'));
    caught(checkAlertRules(docs), /^PrometheusRule\/ticketing alert TicketingConsumerLagging: annotation summary reads \$labels.consumer, which its expression's result does not carry \(namespace, service\)$/, docs, 'dev');
  });

  it('when an alert takes the rate of a gauge, then the check says rate is for counters', () => {
    const docs = brokenWith('prod', 'PrometheusRule', 'ticketing', (d) => (rule(d, 'TicketingOutboxBacklogGrowing').expr = 'max by (namespace, service) (rate(outbox_pending[10m])) > 0'));
    caught(checkAlertRules(docs), /^PrometheusRule\/ticketing alert TicketingOutboxBacklogGrowing: rate\(outbox_pending…\): outbox_pending is a gauge, and rate is for counters$/, docs, 'prod');
  });

  it('when a latency panel sums buckets without le, or a legend names a label the query dropped, then the panel is named', () => {
    const docs = brokenFile('prod', 'grafana-dashboard-ticketing', 'ticketing.json', (dash) => {
      panel(dash, 'Latency p95, by route').targets[0].expr = 'histogram_quantile(0.95, sum by (service, route) (rate(http_request_duration_seconds_bucket[$__rate_interval])))';
      panel(dash, 'Outbox backlog').targets[0].legendFormat = '{{pod}}';
    });
    const problems = checkDashboards(docs);
    caught(problems, /^ConfigMap\/grafana-dashboard-ticketing ticketing.json panel "Latency p95, by route" query A: histogram_quantile over an expression without the label le/, docs, 'prod');
    caught(problems, /^ConfigMap\/grafana-dashboard-ticketing ticketing.json panel "Outbox backlog" query A: legend \{\{pod\}\} names a label its result does not carry \(service\)$/, docs, 'prod');
  });

  it("when a panel is tied to one Grafana's data source or uses a variable the dashboard lacks, then each is named", () => {
    const docs = brokenFile('dev', 'grafana-dashboard-ticketing', 'ticketing.json', (dash) => {
      panel(dash, 'Holds active').datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' };
      panel(dash, 'Outbox backlog').targets[0].expr = 'max by (service) (outbox_pending{cluster="$cluster"})';
    });
    const problems = checkDashboards(docs);
    caught(problems, /^ConfigMap\/grafana-dashboard-ticketing ticketing.json panel "Holds active": does not draw from the data source of \$datasource$/, docs, 'dev');
    caught(problems, /^ConfigMap\/grafana-dashboard-ticketing ticketing.json panel "Outbox backlog" query A: uses \$cluster, which is not a variable of the dashboard$/, docs, 'dev');
    caught(problems, /^ConfigMap\/grafana-dashboard-ticketing ticketing.json panel "Outbox backlog" query A: outbox_pending\{cluster="\$cluster"\}: outbox_pending has no label cluster/, docs, 'dev');
  });

  it('when the dashboard is not JSON, then the ConfigMap is named', () => {
    const docs = brokenWith('prod', 'ConfigMap', 'grafana-dashboard-ticketing', (d) => (d.data['ticketing.json'] = d.data['ticketing.json'].slice(0, -2)));
    caught(checkDashboards(docs), /^ConfigMap\/grafana-dashboard-ticketing ticketing.json: not JSON: /, docs, 'prod');
  });

  it('when the only panel showing refunds is removed, then refunds_total is reported read by nobody', () => {
    const docs = brokenFile('prod', 'grafana-dashboard-ticketing', 'ticketing.json', (dash) => {
      const shown = panel(dash, 'Refunds, payouts and check-ins per minute');
      shown.targets = shown.targets.filter((t: Loose) => !t.expr.includes('refunds_total'));
    });
    caught(checkMetricsShown(docs), /^refunds_total: served by the services, and neither the dashboard nor an alert reads it$/, docs, 'prod');
  });

  it("when the collector's receiver binds localhost, or a pipeline names a processor nobody defined, then the collector is named", () => {
    const docs = brokenFile('prod', 'otel-collector-config', 'config.yaml', (config) => {
      config.receivers.otlp.protocols.http.endpoint = 'localhost:4318';
      config.service.pipelines.traces.processors.push('tail_sampling');
    });
    const problems = checkTraces(docs, componentContexts.prod.secrets);
    caught(problems, /^Deployment\/otel-collector: receivers.otlp.protocols.http listens on localhost:4318, which other pods cannot reach; use 0.0.0.0:4318$/, docs, 'prod');
    caught(problems, /^Deployment\/otel-collector: pipeline traces names processor tail_sampling, which is not defined$/, docs, 'prod');
  });

  it("when the collector exports to a Service that does not exist, or speaks TLS to Jaeger's plain receiver, then the exporter is named", () => {
    const missing = brokenFile('dev', 'otel-collector-config', 'config.yaml', (config) => (config.exporters['otlp_grpc/jaeger'].endpoint = 'jaeger-collector:4317'));
    const problems = checkTraces(missing, componentContexts.dev.secrets);
    caught(problems, /^Deployment\/otel-collector exporter otlp_grpc\/jaeger: jaeger-collector:4317: no Service jaeger-collector$/, missing, 'dev');
    caught(problems, /^Deployment\/otel-collector: no exporter of its traces pipeline sends to the Service jaeger$/, missing, 'dev');
    const tls = brokenFile('prod', 'otel-collector-config', 'config.yaml', (config) => delete config.exporters['otlp_grpc/jaeger'].tls);
    caught(checkTraces(tls, componentContexts.prod.secrets), /^Deployment\/otel-collector exporter otlp_grpc\/jaeger: speaks TLS \(tls.insecure is not true\) to Jaeger's plain otlp receiver$/, tls, 'prod');
  });

  it("when the services' endpoint names the gRPC port or another protocol, then every service is named", () => {
    const docs = brokenWith('prod', 'ConfigMap', 'ticketing-config', (d) => {
      d.data.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://otel-collector:4317';
      d.data.OTEL_EXPORTER_OTLP_PROTOCOL = 'grpc';
    });
    const problems = checkTraces(docs, componentContexts.prod.secrets);
    for (const service of ['auth', 'tickets', 'orders', 'orders-worker', 'payments', 'expiration', 'notifications']) {
      caught(problems, new RegExp(`^Deployment/${service}: OTEL_EXPORTER_OTLP_ENDPOINT http://otel-collector:4317: the collector has no OTLP http receiver in a traces pipeline on port 4317$`), docs, 'prod');
      caught(problems, new RegExp(`^Deployment/${service}: OTEL_EXPORTER_OTLP_PROTOCOL is grpc; the services export http/protobuf or http/json$`), docs, 'prod');
    }
  });

  it("when Jaeger's NetworkPolicy is removed, then the collector's export and its path are reported denied", () => {
    const docs = structuredClone(withComponents.dev).filter((d) => !(d.kind === 'NetworkPolicy' && d.metadata.name === 'jaeger'));
    caught(checkTraces(docs, componentContexts.dev.secrets), /^Deployment\/otel-collector exporter otlp_grpc\/jaeger: the NetworkPolicies do not let otel-collector's pods reach jaeger on port 4317$/, docs, 'dev');
    caught(checkNetworkPaths(docs, { tls: false, traces: true }), /^network: otel-collector → jaeger, OTLP\/gRPC \(4317\/TCP\) is denied: .*ingress of ticketing\/jaeger: selected by default-deny, allowed by none; expected allowed$/, docs, 'dev');
  });

  it("when the collector's policy lets in one service only, then the others are reported unable to send their spans", () => {
    const docs = brokenWith('prod', 'NetworkPolicy', 'otel-collector', (d) => (d.spec.ingress[0].from = [{ podSelector: { matchLabels: { app: 'orders' } } }]));
    caught(checkTraces(docs, componentContexts.prod.secrets), /^Deployment\/payments: the NetworkPolicies do not let its pods reach otel-collector on port 4318$/, docs, 'prod');
    caught(checkNetworkPaths(docs, { tls: true, traces: true }), /^network: auth → otel-collector, OTLP\/HTTP \(4318\/TCP\) is denied: .*; expected allowed$/, docs, 'prod');
  });

  it("when the collector's --config points outside its mount, or Jaeger's probe asks another path, then each is named", () => {
    const config = brokenWith('prod', 'Deployment', 'otel-collector', (d) => (container(d).args = ['--config=/etc/otel/config.yaml']));
    caught(checkTraces(config, componentContexts.prod.secrets), /^Deployment\/otel-collector: --config \/etc\/otel\/config.yaml is on no mounted ConfigMap$/, config, 'prod');
    const probe = brokenWith('dev', 'Deployment', 'jaeger', (d) => (container(d).readinessProbe.httpGet.path = '/health'));
    caught(checkTraces(probe, componentContexts.dev.secrets), /^Deployment\/jaeger: readinessProbe asks \/health, the health check answers \/status$/, probe, 'dev');
  });

  it("when Jaeger's UI listens on a port its Service does not target, then the Service port is named", () => {
    const docs = brokenFile('prod', 'jaeger-config', 'config.yaml', (config) => (config.extensions.jaeger_query.http.endpoint = '0.0.0.0:16687'));
    caught(checkTraces(docs, componentContexts.prod.secrets), /^Deployment\/jaeger: Service jaeger port 16686 \(16686\) is a port its configuration does not listen on$/, docs, 'prod');
  });

  it("when the collector's configuration is not YAML, then it is reported unparsable", () => {
    const docs = brokenWith('dev', 'ConfigMap', 'otel-collector-config', (d) => (d.data['config.yaml'] = 'receivers: [otlp\n'));
    caught(checkTraces(docs, componentContexts.dev.secrets), /^Deployment\/otel-collector: its configuration does not parse: /, docs, 'dev');
  });

  it('when the collector or Jaeger loses its version, then the image is reported unpinned', () => {
    const docs = brokenWith('prod', 'Deployment', 'jaeger', (d) => (container(d).image = 'jaegertracing/jaeger:latest'));
    caught(checkImages(docs, imagesOf(componentContexts.prod.artifacts)), /^Deployment\/jaeger: third-party image jaegertracing\/jaeger:latest must be pinned/, docs, 'prod');
  });
});

describe('the skaffold check, given a broken copy of skaffold.yaml', () => {
  const brokenSkaffold = (change: (config: Loose) => void): SkaffoldConfig => {
    const config = structuredClone(skaffold);
    change(config);
    return config;
  };
  const prod = (c: Loose) => c.profiles.find((p: Loose) => p.name === 'prod');

  it('when the file is untouched, then it finds nothing', () => {
    expect(checkSkaffold(skaffold)).toEqual([]);
  });

  it('when a Dockerfile path, a target or a sync rule is wrong, then each is named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        c.build.artifacts[0].docker.dockerfile = 'auth/Dockerfile';
        c.build.artifacts[1].docker.target = 'dev';
        c.build.artifacts[2].sync.manual[0].src = 'orders/source/**/*.ts';
      }),
    );
    expect(problems).toEqual([
      'build ticketing/auth: Dockerfile auth/Dockerfile does not exist',
      'build ticketing/tickets: target dev is no stage of Dockerfile',
      'build ticketing/orders: sync rule orders/source/**/*.ts matches no file',
    ]);
  });

  it('when SERVICE names no service, is missing, or a build argument is no ARG of the Dockerfile, then each is named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        c.build.artifacts[3].docker.buildArgs.SERVICE = 'payment';
        delete c.build.artifacts[4].docker.buildArgs;
        c.build.artifacts[5].docker.buildArgs.NODE_MAJOR = '22';
        prod(c).build.artifacts[0].docker.buildArgs.SERVICE = 'common';
      }),
    );
    expect(problems).toEqual([
      'build ticketing/payments: build argument SERVICE=payment names no service workspace (one whose npm start is `node dist/index.js`)',
      'build ticketing/expiration: target service-dev needs build argument SERVICE',
      'build ticketing/notifications: build argument NODE_MAJOR is declared by no ARG of Dockerfile',
      'profile prod ticketing/auth: build argument SERVICE=common names no service workspace (one whose npm start is `node dist/index.js`)',
    ]);
  });

  it('when a sync rule sends files elsewhere than the dev stage holds them, then the rule and both places are named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        c.build.artifacts[0].sync.manual[1].dest = '/src';
        c.build.artifacts[6].sync.manual[0].strip = 'client/';
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^build ticketing\/auth: sync rule common\/src\/\*\*\/\*\.ts puts (common\/src\/\S+\.ts) at \/src\/\1, where target service-dev has it at \/app\/\1$/),
      expect.stringMatching(/^build ticketing\/client: sync rule client\/app\/\*\*\/\* puts client\/(app\/\S+) at \/app\/\1, where target web-dev has it at \/app\/client\/\1$/),
    ]);
  });

  it('when the prod profile builds a dev stage, the default stage for the web app, or syncs, then each is named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        prod(c).build.artifacts[1].docker.target = 'service-dev';
        delete prod(c).build.artifacts[6].docker.target;
        prod(c).build.artifacts[2].sync = { manual: [{ src: 'orders/src/**/*.ts', dest: '.' }] };
      }),
    );
    expect(problems).toEqual([
      'profile prod ticketing/tickets: builds service-dev, a dev loop stage, for production',
      'profile prod ticketing/orders: syncs files into a production image',
      expect.stringMatching(/^profile prod ticketing\/orders: sync rule orders\/src\/\*\*\/\*\.ts puts (orders\/src\/\S+) at \/app\/orders\/\1, where target service has no copy of it$/),
      'profile prod ticketing/client: target service needs build argument SERVICE',
    ]);
  });

  it('when the prod profile points at a missing overlay or patches a missing path, then both are named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        prod(c).manifests.kustomize.paths = ['infra/k8s/overlays/production'];
        prod(c).patches[0].path = '/deploy/kubectl/hook';
      }),
    );
    expect(problems).toContainEqual('profile prod: patch remove /deploy/kubectl/hook does not resolve in skaffold.yaml');
    expect(problems).toContainEqual('prod: kustomize path infra/k8s/overlays/production has no kustomization.yaml');
  });
});

describe('the Dockerfile check, given a broken copy of the Dockerfile', () => {
  const original = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const services = APP_WORKSPACES.filter((workspace) => workspace !== 'client');
  const check = (text: string) => checkDockerfile('Dockerfile', text, { services, web: 'client', port: APP_PORT });
  /** `original` with `from` replaced once; throws when the Dockerfile no longer has it, so no case passes on nothing. */
  const replaced = (text: string, from: string | RegExp, to: string) => {
    if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) throw new Error(`the Dockerfile has no ${from}; update this case`);
    return text.replace(from, to);
  };

  it('when the Dockerfile is untouched, then it finds nothing', () => {
    expect(check(original)).toEqual([]);
  });

  it('when the migrations are not gathered, or a copied file does not exist, then the check names them', () => {
    const problems = check(
      replaced(replaced(original, / \\\n *&& if \[ -d "\$\{SERVICE\}\/migrations" \]; then cp -a "\$\{SERVICE\}\/migrations" "\/image\/\$\{SERVICE\}\/"; fi/, ''), 'COPY orders/package.json orders/', 'COPY order/package.json order/'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^Dockerfile:\d+: COPY order\/package.json: no such file in the repository$/),
      expect.stringMatching(/^Dockerfile:\d+: installs workspace @ticketing\/orders, whose package.json is not copied before it$/),
      'Dockerfile: auth, tickets, orders, payments, notifications read <service>/migrations at start, and stage service-files does not copy ${SERVICE}/migrations',
    ]);
  });

  it('when the base image is fixed or defaults to a non-LTS Node, then NODE_IMAGE is named', () => {
    expect(check(replaced(original, 'ARG NODE_IMAGE=node:26-slim', 'ARG NODE_IMAGE=node:25-slim'))).toEqual([expect.stringMatching(/^Dockerfile:\d+: NODE_IMAGE defaults to node:25-slim, not node:<an LTS, even major>-slim$/)]);
    expect(check(replaced(original, 'ARG NODE_IMAGE=node:26-slim', ''))).toEqual([
      'Dockerfile: no ARG NODE_IMAGE before the first FROM, so CI cannot choose the base image',
    ]);
  });

  it('when an image runs as a named user, on another base, with an install of its own, then each is named', () => {
    const broken = replaced(replaced(replaced(original, /USER 1000:1000\nEXPOSE 3000\nCMD \["node", "dist\/index.js"\]/, 'USER node\nEXPOSE 3000\nCMD ["node", "dist/index.js"]'), 'FROM ${NODE_IMAGE} AS web', 'FROM node:20 AS web'), 'COPY --from=service-files /image /app', 'COPY --from=service-files /image /app\nRUN npm ci --omit=dev');
    expect(check(broken)).toEqual([
      expect.stringMatching(/^Dockerfile:\d+: stage web starts from node:20, neither an earlier stage nor \$\{NODE_IMAGE\}$/),
      expect.stringMatching(/^Dockerfile: runs npm ci 2 times \(lines \d+, \d+\); the images share one install$/),
      'Dockerfile: stage service must run as a numeric non-root USER (for runAsNonRoot), not "node"',
      expect.stringMatching(/^Dockerfile:\d+: stage web starts from node:20; a final stage starts from \$\{NODE_IMAGE\} and takes only what it copies$/),
    ]);
  });

  it('when a workspace is neither installed nor built, or its package.json is not copied, then the workspace is named', () => {
    const broken = replaced(replaced(replaced(original, '--workspace @ticketing/payments ', ''), '-w @ticketing/payments ', ''), 'COPY client/package.json client/\n', '');
    expect(check(broken)).toEqual([
      expect.stringMatching(/^Dockerfile:\d+: the shared npm ci does not install @ticketing\/payments$/),
      expect.stringMatching(/^Dockerfile:\d+: installs workspace @ticketing\/client, whose package.json is not copied before it$/),
      'Dockerfile: stage service-files is built on no `npm run build` of @ticketing/payments',
    ]);
  });

  it('when a final stage copies from the wrong stage or runs another file, then each is named', () => {
    const broken = replaced(
      replaced(replaced(original, 'COPY --from=service-files /image /app', 'COPY --from=services-build /app /app'), 'COPY --from=web-build /app/client/public client/public', 'COPY --from=web-source /app/client/public client/public'),
      'CMD ["node", "dist/index.js"]',
      'CMD ["node", "index.js"]',
    );
    expect(check(broken)).toEqual([
      'Dockerfile: stage service must run the exec form CMD ["node", …] of /app/${SERVICE}/dist/index.js, got ["node", "index.js"] (/app/${SERVICE}/index.js)',
      expect.stringMatching(/^Dockerfile:\d+: stage service copies from services-build; it takes everything from service-files$/),
      expect.stringMatching(/^Dockerfile:\d+: stage web copies from web-source, which does not build @ticketing\/client$/),
    ]);
  });
});
