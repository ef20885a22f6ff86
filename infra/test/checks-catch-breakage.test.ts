/**
 * The checks are only worth something if they fail: each test here breaks one reference in a copy
 * of a rendered overlay (or of skaffold.yaml, or of a Dockerfile) and expects the check to name it,
 * and the whole-overlay check to report it as well.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkAppEnvironment,
  checkConnections,
  checkDisruptionBudgets,
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
import { checkNetworkPaths } from './support/network-paths';
import { renderOverlay } from './support/render';
import { repoRoot, type OverlayName } from './support/repo';
import { developmentSecrets, productionSecrets } from './support/secrets';
import { APP_PORT } from './support/services';
import { artifactsFor, checkSkaffold, imagesOf, loadSkaffold, type SkaffoldConfig } from './support/skaffold';

// Rendered documents are plain JSON; the mutations below reach into them freely.
type Loose = any;

const skaffold = loadSkaffold();
const rendered = {} as Record<OverlayName, Manifest[]>;
const contexts = {} as Record<OverlayName, OverlayContext>;

beforeAll(() => {
  rendered.dev = renderOverlay('dev').docs;
  rendered.prod = renderOverlay('prod').docs;
  contexts.dev = { overlay: 'dev', secrets: developmentSecrets(), builtImages: imagesOf(artifactsFor(skaffold)) };
  contexts.prod = { overlay: 'prod', secrets: productionSecrets(), builtImages: imagesOf(artifactsFor(skaffold, 'prod')) };
}, 60_000);

/** A copy of the overlay's documents with `change` applied to the named one. */
function broken(overlay: OverlayName, kind: string, name: string, change: (doc: Loose) => void): Manifest[] {
  const docs = structuredClone(rendered[overlay]);
  const doc = docs.find((d) => d.kind === kind && (d.metadata.name === name || d.metadata.name.startsWith(`${name}-`)));
  if (!doc) throw new Error(`no ${kind}/${name} in the ${overlay} overlay`);
  change(doc);
  return docs;
}

const container = (doc: Loose) => doc.spec.template.spec.containers[0];
const envVar = (doc: Loose, name: string) => container(doc).env.find((e: Loose) => e.name === name);

/** The check reports a problem matching `pattern`, and so does the whole overlay's check. */
function expectCaught(problems: string[], pattern: RegExp, docs: Manifest[], overlay: OverlayName) {
  expect(problems).toContainEqual(expect.stringMatching(pattern));
  expect(checkOverlay(docs, contexts[overlay])).toContainEqual(expect.stringMatching(pattern));
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
    for (const service of ['tickets', 'orders', 'payments', 'expiration', 'notifications']) {
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
    const problems = checkImages(docs, contexts.dev.builtImages);
    expectCaught(problems, /^Deployment\/payments: container payments uses image ticketing\/paymnets, which skaffold does not build$/, docs, 'dev');
    expectCaught(problems, /^skaffold builds ticketing\/payments, which no manifest uses$/, docs, 'dev');
  });

  it('when a third-party image loses its version, then it is reported unpinned', () => {
    const docs = broken('prod', 'StatefulSet', 'redis', (d) => (container(d).image = 'redis'));
    expectCaught(checkImages(docs, contexts.prod.builtImages), /^StatefulSet\/redis: third-party image redis must be pinned/, docs, 'prod');
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
    for (const service of ['auth', 'tickets', 'orders', 'payments', 'expiration', 'notifications']) {
      expectCaught(checkTrustProxy(ranges, contexts.dev.secrets), new RegExp(`^Deployment/${service}: TRUST_PROXY is "loopback, linklocal, uniquelocal", not the hop count 1 \\(ingress-nginx alone\\)$`), ranges, 'dev');
    }
    const dropped = broken('dev', 'ConfigMap', 'ticketing-config', (d) => delete d.data.TRUST_PROXY);
    expectCaught(checkTrustProxy(dropped, contexts.dev.secrets), /^Deployment\/auth: TRUST_PROXY is not set, and the services' default trusts every private address$/, dropped, 'dev');
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

describe('the skaffold check, given a broken copy of skaffold.yaml', () => {
  const brokenSkaffold = (change: (config: Loose) => void): SkaffoldConfig => {
    const config = structuredClone(skaffold);
    change(config);
    return config;
  };

  it('when the file is untouched, then it finds nothing', () => {
    expect(checkSkaffold(skaffold)).toEqual([]);
  });

  it('when a Dockerfile path, a target or a sync rule is wrong, then each is named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        c.build.artifacts[0].docker.dockerfile = 'auth/Dockerfil';
        c.build.artifacts[1].docker.target = 'develop';
        c.build.artifacts[2].sync.manual[0].src = 'orders/source/**/*.ts';
      }),
    );
    expect(problems).toEqual([
      'build ticketing/auth: Dockerfile auth/Dockerfil does not exist',
      'build ticketing/tickets: target develop is no stage of tickets/Dockerfile',
      'build ticketing/orders: sync rule orders/source/**/*.ts matches no file',
    ]);
  });

  it('when a key is misspelt, then it is named as outside the schema', () => {
    const problems = checkSkaffold(brokenSkaffold((c) => (c.build.artifacts[0].docker.dockerFile = 'auth/Dockerfile')));
    expect(problems).toContainEqual('skaffold.build.artifacts[0].docker.dockerFile: not a field of skaffold\'s schema here');
  });

  it('when the prod profile points at a missing overlay or patches a missing path, then both are named', () => {
    const problems = checkSkaffold(
      brokenSkaffold((c) => {
        c.profiles[0].manifests.kustomize.paths = ['infra/k8s/overlays/production'];
        c.profiles[0].patches[0].path = '/deploy/kubectl/hook';
      }),
    );
    expect(problems).toContainEqual('profile prod: patch remove /deploy/kubectl/hook does not resolve in skaffold.yaml');
    expect(problems).toContainEqual('prod: kustomize path infra/k8s/overlays/production has no kustomization.yaml');
  });
});

describe('the Dockerfile check, given a broken copy of a Dockerfile', () => {
  const original = readFileSync(path.join(repoRoot, 'orders', 'Dockerfile'), 'utf8');
  const check = (text: string) => checkDockerfile('orders/Dockerfile', text, { service: 'orders', port: APP_PORT, entrypoint: 'orders/dist/index.js', prodDependencies: true });

  it('when the Dockerfile is untouched, then it finds nothing', () => {
    expect(check(original)).toEqual([]);
  });

  it('when the migrations are not copied, or a copied file does not exist, then the check names them', () => {
    const problems = check(original.replace('COPY orders/migrations orders/migrations', 'COPY orders/migration orders/migrations'));
    expect(problems).toContainEqual(expect.stringMatching(/^orders\/Dockerfile:\d+: COPY orders\/migration: no such file in the repository$/));
    expect(problems).toContainEqual('orders/Dockerfile: the service reads orders/migrations at start, and the final stage does not copy it');
  });

  it('when the image runs as a named user, on another base, with dev dependencies, then each is named', () => {
    const problems = check(original.replace(/USER 1000:1000\nEXPOSE 3000\nCMD \["node"/, 'USER node\nEXPOSE 3000\nCMD ["node"').replace(/FROM node:26-slim AS prod-deps/, 'FROM node:20 AS prod-deps').replace(' --omit=dev', ''));
    expect(problems).toEqual([
      'orders/Dockerfile: stage prod-deps starts from node:20, not node:26-slim',
      'orders/Dockerfile: the final stage must run as a numeric non-root USER (for runAsNonRoot), not "node"',
      'orders/Dockerfile: the final stage takes no node_modules from an `npm ci --omit=dev` stage',
    ]);
  });

  it('when a stage installs a workspace whose package.json it did not copy, then the workspace is named', () => {
    const problems = check(original.replace('COPY orders/package.json orders/\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --workspace', 'RUN --mount=type=cache,target=/root/.npm \\\n    npm ci --workspace'));
    expect(problems).toEqual([expect.stringMatching(/^orders\/Dockerfile:\d+: installs workspace @ticketing\/orders, whose package.json this stage does not copy$/)]);
  });
});
