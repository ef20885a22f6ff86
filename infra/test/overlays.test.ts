import {
  OVERLAY_EXPECTATIONS,
  checkAppEnvironment,
  checkCommands,
  checkConnections,
  checkDisruptionBudgets,
  checkEventListeners,
  checkGracefulShutdown,
  checkHardening,
  checkImages,
  checkIngress,
  checkNamespace,
  checkNetworkIsolation,
  checkProbes,
  checkReplicas,
  checkSchemas,
  checkServiceAccounts,
  checkServiceSelectors,
  checkTrustProxy,
} from './support/checks';
import { ofKind, type Manifest } from './support/manifests';
import { renderOverlay } from './support/render';
import { overlays } from './support/repo';
import { developmentSecrets, productionSecrets, type SecretData } from './support/secrets';
import { APP_SERVICES } from './support/services';
import { artifactsFor, imagesOf, loadSkaffold } from './support/skaffold';

const skaffold = loadSkaffold();
/** skaffold dev builds the main artifacts with the dev overlay; its prod profile, the prod overlay. */
const artifacts = { dev: artifactsFor(skaffold), prod: artifactsFor(skaffold, 'prod') };
/** What create-secrets.sh makes: random values for `skaffold dev`, a filled-in env file for production. */
const secretsFor = { dev: developmentSecrets, prod: productionSecrets };

const names = (docs: Manifest[], kind: string) =>
  ofKind(docs, kind)
    .map((d) => d.metadata.name)
    .sort();

describe.each(overlays)('the %s overlay', (overlay) => {
  const expectations = OVERLAY_EXPECTATIONS[overlay];
  let docs: Manifest[];
  let warnings: string;
  let secrets: SecretData;

  beforeAll(() => {
    ({ docs, warnings } = renderOverlay(overlay));
    secrets = secretsFor[overlay]();
  }, 60_000);

  it('when rendered with kubectl kustomize, then it holds every service, a database per service, the bus, Redis and the ingress', () => {
    const services = APP_SERVICES.map((s) => s.name).sort();
    expect(names(docs, 'Deployment')).toEqual(services);
    expect(names(docs, 'ServiceAccount')).toEqual(services);
    expect(names(docs, 'StatefulSet')).toEqual(['auth-postgres', 'nats', 'notifications-postgres', 'orders-postgres', 'payments-postgres', 'redis', 'tickets-postgres']);
    expect(names(docs, 'Ingress')).toEqual(['ticketing']);
  });

  it('when rendered, then kustomize reports no warning (no deprecated field)', () => {
    expect(warnings).toBe('');
  });

  it('when every document is validated against kubernetes-models, then each is valid and has no unknown field', () => {
    expect(checkSchemas(docs)).toEqual([]);
  });

  it('when placed, then every object lands in the ticketing namespace', () => {
    expect(checkNamespace(docs)).toEqual([]);
  });

  it('when its images are compared with skaffold.yaml, then every image built is used and every image used is built or a pinned third-party one', () => {
    expect(checkImages(docs, imagesOf(artifacts[overlay]))).toEqual([]);
  });

  it("when each container's command is compared with its image's, then it runs its workspace's image as built for this overlay, with the image's own command or, for the orders worker, that command with its entry point", () => {
    expect(checkCommands(docs, artifacts[overlay])).toEqual([]);
  });

  it(`when each service's own config loader reads the environment its Deployment gives it, then it accepts it (NODE_ENV=${expectations.nodeEnv})`, () => {
    expect(checkAppEnvironment(docs, secrets, expectations.nodeEnv)).toEqual([]);
  });

  it('when the probes are compared with the services, then liveness asks /healthz and readiness /readyz on the port the service listens on', () => {
    expect(checkProbes(docs, secrets)).toEqual([]);
  });

  it('when a pod is stopped, then a preStop pause and the drain fit in its grace period', () => {
    expect(checkGracefulShutdown(docs, secrets)).toEqual([]);
  });

  it('when the pods are inspected, then each has requests, limits, probes and the restricted security profile', () => {
    expect(checkHardening(docs, { writableRoot: expectations.writableRoot })).toEqual([]);
  });

  it('when each Service is followed, then it selects pods and reaches a port they expose', () => {
    expect(checkServiceSelectors(docs)).toEqual([]);
  });

  it(`when the ingress is followed, then the brief's routes reach existing Services and ports${expectations.tls ? ', over TLS from cert-manager' : ', over plain http'}`, () => {
    expect(checkIngress(docs, { tls: expectations.tls })).toEqual([]);
  });

  it('when each database URL, NATS_URL and REDIS_URL is followed, then it names the right Service and port, and the NetworkPolicies let the service through', () => {
    expect(checkConnections(docs, secrets)).toEqual([]);
  });

  it('when the NetworkPolicies are read, then each database accepts only its own service, NATS only the event services, Redis only expiration', () => {
    expect(checkNetworkIsolation(docs)).toEqual([]);
  });

  it('when the services read where their event listeners run, then each workspace on the bus runs them in one Deployment: orders in the orders worker', () => {
    expect(checkEventListeners(docs, secrets)).toEqual([]);
  });

  it('when the services behind the ingress read TRUST_PROXY as they parse it, then it is the hop count 1: ingress-nginx, and nothing a client wrote', () => {
    expect(checkTrustProxy(docs, secrets)).toEqual([]);
  });

  it('when the services are checked, then each runs under its own ServiceAccount without an API token and has a PodDisruptionBudget', () => {
    expect(checkServiceAccounts(docs)).toEqual([]);
    expect(checkDisruptionBudgets(docs)).toEqual([]);
  });

  it(overlay === 'dev' ? 'when counted, then everything runs one replica' : 'when counted, then every service runs two replicas or more under a HorizontalPodAutoscaler', () => {
    expect(checkReplicas(docs, overlay)).toEqual([]);
  });
});

describe('the prod overlay', () => {
  it('when the stripe Secret holds no keys, then payments is reported unable to start', () => {
    const { docs } = renderOverlay('prod');
    const problems = checkAppEnvironment(docs, developmentSecrets(), 'production');
    expect(problems).toEqual([
      expect.stringMatching(/^Deployment\/payments: .*STRIPE_SECRET_KEY reads key STRIPE_SECRET_KEY of Secret stripe/),
      expect.stringMatching(/^Deployment\/payments: .*STRIPE_WEBHOOK_SECRET reads key STRIPE_WEBHOOK_SECRET of Secret stripe/),
      expect.stringMatching(/^Deployment\/payments: the service's config refuses .*STRIPE_SECRET_KEY is required in production/s),
    ]);
  });
});

describe('the dev overlay', () => {
  it('when the stripe Secret holds no keys, then payments still starts, on its sandbox', () => {
    const { docs } = renderOverlay('dev');
    expect(checkAppEnvironment(docs, developmentSecrets(), 'development')).toEqual([]);
  });
});
