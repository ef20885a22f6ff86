import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { busUsers, type BusUser } from '@ticketing/common';
import { codeShownAt, eventually } from '@ticketing/common/testing';
import { FakeStripe } from '@ticketing/common/testing/stripe';
import { findServers, freePortBlock, startServers, type LocalServer } from '@ticketing/suite/infrastructure';
import { services } from '@ticketing/suite/services';
import { find, ofKind, workloads } from '../test/support/manifests';
import { renderOverlay } from '../test/support/render';
import { readYamlFile, repoRoot } from '../test/support/repo';
import { secretsFromScript, type SecretData } from '../test/support/secrets';
import { APP_SERVICES } from '../test/support/services';
import { DOCKER, docker, ensureEngine, ensureNodeBase, ensurePackages } from './support/engine';
import { HttpsVisitor } from './support/https-visitor';
import { startIngressFront, type IngressFront } from './support/nginx';
import { containerRun, ourDeployments, type Addresses, type ContainerRun } from './support/pods';

const run = promisify(execFile);
const RUN = `t${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const steps: [string, number][] = [];
/** Runs one step and records how long it took, under `name` or the name its result gives it. */
async function step<T>(name: string | ((result: T) => string), work: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  let result: T | undefined;
  try {
    result = await work();
    return result;
  } finally {
    const named = typeof name === 'string' ? name : result === undefined ? 'a step that failed' : name(result);
    steps.push([named, (Date.now() - startedAt) / 1000]);
  }
}

interface SkaffoldArtifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string; buildArgs?: Record<string, string> };
}
const skaffold = readYamlFile(path.join(repoRoot, 'skaffold.yaml')) as { profiles: { name: string; build: { artifacts: SkaffoldArtifact[] } }[] };
const prodArtifacts = skaffold.profiles.find((p) => p.name === 'prod')!.build.artifacts;
const tagged = (image: string) => `${image}:${RUN}`;

const workDir = mkdtempSync(path.join(tmpdir(), `ticketing-containers-${RUN}-`));
const built: string[] = [];
const started: string[] = [];
let servers: { postgres: LocalServer; nats: LocalServer; redis: LocalServer } | undefined;
let stripe: FakeStripe;
let front: IngressFront | undefined;
let runs: ContainerRun[] = [];

const rendered = renderOverlay('prod').docs;

/** The operator's own script makes the Secrets, with the fake Stripe's keys and everything else generated. */
const generatedSecrets = (): SecretData =>
  secretsFromScript(
    ['--generate-missing'],
    `STRIPE_SECRET_KEY=${stripe.secretKey}\nSTRIPE_WEBHOOK_SECRET=whsec_${randomBytes(16).toString('hex')}\nSTRIPE_PUBLISHABLE_KEY=pk_test_${RUN}\n`,
  );

/** The rendered PostgreSQL StatefulSets: the Service each serves under, its user, database and password. */
function postgresStatefulSets(secrets: SecretData) {
  return workloads(rendered)
    .filter((w) => w.kind === 'StatefulSet')
    .flatMap((w) => {
      const env = w.template.spec?.containers[0]?.env ?? [];
      const value = (name: string) => env.find((e) => e.name === name);
      const [user, database, password] = [value('POSTGRES_USER')?.value, value('POSTGRES_DB')?.value, value('POSTGRES_PASSWORD')?.valueFrom?.secretKeyRef];
      if (!user || !database || !password) return [];
      const service = (w.doc.spec as { serviceName: string }).serviceName;
      return [{ service, user, database, password: secrets.get(password.name!)![password.key]! }];
    });
}

const get = (port: number, urlPath: string) =>
  new Promise<number>((resolve) => {
    const req = httpGet({ host: '127.0.0.1', port, path: urlPath, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });

async function startContainer(spec: ContainerRun): Promise<void> {
  const name = `ticketing-${RUN}-${spec.name}`;
  const env = Object.entries(spec.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  await docker(['run', '-d', '--name', name, '--network', 'host', ...spec.options, ...env, tagged(spec.image), ...spec.command]);
  started.push(name);
}

/** Ready as its readiness probe says; if it never is, the error carries the end of its log. */
async function ready(spec: ContainerRun): Promise<void> {
  const readiness = spec.probes.find((p) => p.kind === 'readiness')!;
  const container = `ticketing-${RUN}-${spec.name}`;
  try {
    let exited = false;
    await eventually(
      async () => {
        // Nothing restarts it here as the kubelet would, so one that exited will never answer.
        exited = (await docker(['inspect', '--format', '{{.State.Running}}', container])) !== 'true';
        if (!exited) expect(await get(spec.port, readiness.path)).toBe(200);
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    if (exited) throw new Error('it exited');
  } catch (err) {
    const log = await run(DOCKER, ['logs', '--tail', '40', container]).then(({ stdout, stderr }) => stdout + stderr, (e: Error) => e.message);
    throw new Error(`${spec.name} never answered ${readiness.path} with 200 on port ${spec.port}: ${(err as Error).message}\n${log}`);
  }
}

beforeAll(async () => {
  await step((installed) => `Debian packages (${installed.length > 0 ? `installed ${installed.join(', ')}` : 'docker.io, debootstrap and nginx there'})`, () => ensurePackages({ 'docker.io': '/usr/sbin/dockerd', debootstrap: '/usr/sbin/debootstrap', nginx: '/usr/sbin/nginx' }));
  await step((engine) => `Docker engine (${engine})`, () => ensureEngine());
  stripe = await FakeStripe.start();
}, 10 * 60_000);

afterAll(async () => {
  const leftovers: string[] = [];
  await step('clean-up: every container and image of the run', async () => {
    for (const name of started) await docker(['rm', '-f', name]).catch((err: Error) => leftovers.push(err.message));
    for (const image of built) await docker(['rmi', image]).catch((err: Error) => leftovers.push(err.message));
    await front?.stop();
    if (servers) await Promise.all(Object.values(servers).map((server) => server.stop()));
    await stripe?.close();
    rmSync(workDir, { recursive: true, force: true });
  });
  const width = Math.max(...steps.map(([name]) => name.length));
  process.stdout.write(`\nnpm run test:containers, step by step:\n${steps.map(([name, s]) => `  ${name.padEnd(width)}  ${s.toFixed(1).padStart(6)} s`).join('\n')}\n  ${'total'.padEnd(width)}  ${steps.reduce((sum, [, s]) => sum + s, 0).toFixed(1).padStart(6)} s\n`);
  if (leftovers.length > 0) throw new Error(`the run left behind what it made:\n${leftovers.join('\n')}`);
}, 5 * 60_000);

describe('the images, built and run as the prod overlay deploys them', () => {
  it('when the images are built as skaffold builds them, on a local Node base, then every one builds', async () => {
    const base = await step((made) => `local Node base (${made.built ? 'built' : 'cached'})`, () => ensureNodeBase());
    for (const artifact of prodArtifacts) {
      // The first build pays for the shared stages (npm ci, the compilers); the others reuse them.
      await step(`build ${artifact.image}`, async () => {
        const args = ['build', '--network', 'host', '-f', path.join(repoRoot, artifact.context ?? '.', artifact.docker?.dockerfile ?? 'Dockerfile')];
        if (artifact.docker?.target) args.push('--target', artifact.docker.target);
        for (const [k, v] of Object.entries({ ...artifact.docker?.buildArgs, NODE_IMAGE: base.image })) args.push('--build-arg', `${k}=${v}`);
        args.push('-t', tagged(artifact.image), path.join(repoRoot, artifact.context ?? '.'));
        await docker(args);
        built.push(tagged(artifact.image));
      });
    }
    expect(built).toHaveLength(prodArtifacts.length);
  });

  it('when every Deployment runs from its image with its environment, user and filesystem, then each answers its probes', async () => {
    const images = new Set(prodArtifacts.map((a) => a.image));
    const deployments = ourDeployments(rendered, images);
    // The orders worker runs on orders' image.
    expect(deployments.map((d) => d.name).sort()).toEqual(APP_SERVICES.map((s) => s.name).sort());

    const found = findServers(['postgres', 'nats', 'redis']).found;
    const secrets = generatedSecrets();
    const passwords = Object.fromEntries(busUsers.map((user) => [user, secrets.get(`${user}-nats`)!.NATS_PASSWORD!])) as Record<BusUser, string>;
    const bus = rendered.find((d) => d.kind === 'ConfigMap' && d.metadata.name.startsWith('ticketing-config')) as unknown as { data: Record<string, string> };
    servers = (await step('PostgreSQL, NATS (with the users of nats.conf) and Redis on the host', () =>
      startServers(found, workDir, {}, { names: { stream: bus.data.NATS_STREAM!, subjectPrefix: bus.data.NATS_SUBJECT_PREFIX! }, passwords }),
    )) as typeof servers;
    // Each PostgreSQL StatefulSet's role and database, with its Secret's password, as its image's
    // entrypoint would create them; all of them in the one server here.
    const databases = postgresStatefulSets(secrets);
    expect(databases.length).toBeGreaterThan(0);
    for (const { user, database, password } of databases) {
      await run('psql', [servers!.postgres.url, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE ROLE "${user}" LOGIN PASSWORD '${password}'`, '-c', `CREATE DATABASE "${database}" OWNER "${user}"`]);
    }

    const first = await freePortBlock(deployments.length + 2);
    const addresses: Addresses = new Map([
      ['nats', servers!.nats.port],
      ['redis', servers!.redis.port],
      ...databases.map(({ service }) => [service, servers!.postgres.port] as [string, number]),
      ...deployments.map((d, i) => [d.name, first + i] as [string, number]),
      ['ingress-nginx-controller', first + deployments.length],
    ]);
    runs = deployments.map((d) => containerRun(rendered, d, secrets, addresses, addresses.get(d.name)!));
    for (const spec of runs) {
      // The one machine has one NATS server; the prod stream's three replicas need a cluster.
      if (spec.env.NATS_STREAM_REPLICAS) spec.env.NATS_STREAM_REPLICAS = '1';
      if (spec.name === 'payments') Object.assign(spec.env, { STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(stripe.port), STRIPE_API_PROTOCOL: 'http' });
    }
    await step('start every container', () => Promise.all(runs.map((spec) => startContainer(spec))));
    await step('every container ready', () => Promise.all(runs.map(ready)));

    for (const spec of runs) {
      for (const probe of spec.probes) expect([spec.name, probe.kind, probe.path, await get(spec.port, probe.path)]).toEqual([spec.name, probe.kind, probe.path, 200]);
    }

    expect(ofKind(rendered, 'Ingress').map((i) => i.metadata.name)).toEqual(['ticketing']);
    const ingress = find<IIngress>(rendered, 'Ingress', 'ticketing')!;
    front = await step('nginx from the rendered Ingress, with TLS', () =>
      startIngressFront(ingress, new Map(deployments.map((d) => [d.name, addresses.get(d.name)!])), path.join(workDir, 'nginx'), {
        http: addresses.get('ingress-nginx-controller')!,
        https: first + deployments.length + 1,
      }),
    );
  });
});

describe('the end-to-end purchase over https through nginx', () => {
  const visitor = () => new HttpsVisitor(front!);
  const signedUp = async (email: string) => {
    const person = visitor();
    expect((await person.post('/api/users/signup', { email, password: 'password123' })).status).toBe(201);
    return person;
  };
  /** An event starting in an hour: its tickets still sell, and its doors are open for check-in. */
  const eventWithTicket = async (organiser: HttpsVisitor, name: string) => {
    const event = await organiser.post('/api/events', { name, venue: 'Roundhouse', city: 'London', startsAt: new Date(Date.now() + 3600_000).toISOString(), timeZone: 'Europe/London', category: 'concert' });
    expect(event.status).toBe(201);
    const issued = await organiser.post(`/api/events/${event.body.id}/tickets`, { faceValue: 40, quantity: 1 });
    expect(issued.status).toBe(201);
    return { eventId: event.body.id as string, ticketId: issued.body.tickets[0].id as string };
  };
  const known = <T extends { status: number }>(attempt: () => Promise<T>) =>
    eventually(async () => {
      const res = await attempt();
      expect(res.status).not.toBe(404);
      return res;
    }, { timeoutMs: 30_000 });

  it('when plain http is asked, then it is redirected to https with 308, as ingress-nginx does', async () => {
    const status = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = httpGet({ host: '127.0.0.1', port: front!.httpPort, path: '/api/events', headers: { host: front!.host } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, location: res.headers.location });
      });
      req.on('error', reject);
    });
    expect(status).toEqual({ status: 308, location: `https://${front!.host}:${front!.httpsPort}/api/events` });
  });

  it.each(services.flatMap((service) => service.routes.map((route) => [route, service.name])))(
    'when %s is asked through nginx, then %s answers it, not the web app',
    async (route) => {
      const res = await visitor().get(`${route}/route-check-${RUN}`);
      expect([route, res.headers['content-type']]).toEqual([route, expect.stringMatching(/^application\/json/)]);
      expect(res.body).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
    },
  );

  it('when an organiser lists a ticket and a buyer orders, pays and is let in, then every step answers over https', async () => {
    await step('purchase over https: create, issue, buy, pay, check in', async () => {
      const organiser = await signedUp(`organiser-${RUN}@example.com`);
      const buyer = await signedUp(`buyer-${RUN}@example.com`);
      const { eventId, ticketId } = await eventWithTicket(organiser, `Containers ${RUN}`);

      // The web app renders the page from the API, through the ingress's http side as in the cluster.
      const home = await eventually(async () => {
        const res = await buyer.get('/');
        expect(res.status).toBe(200);
        expect(res.text).toContain(`Containers ${RUN}`);
        return res;
      }, { timeoutMs: 20_000 });
      expect(home.headers['content-type']).toMatch(/text\/html/);
      const stylesheet = home.text.match(/href="(\/_next\/static\/[^"]+\.css)"/)?.[1];
      expect(stylesheet).toBeDefined();
      expect((await buyer.get(stylesheet!)).status).toBe(200);

      const order = await known(() => buyer.post('/api/orders', { ticketId }));
      expect(order.status).toBe(201);
      const payment = await known(() => buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' }));
      expect(payment.status).toBe(201);
      await eventually(async () => expect((await buyer.get(`/api/orders/${order.body.id}`)).body.status).toBe('complete'), { timeoutMs: 30_000 });

      const credential = await eventually(async () => {
        const res = await buyer.get(`/api/tickets/${ticketId}/credential`);
        expect(res.status).toBe(200);
        expect(res.body.generation).toBe(1);
        return res.body;
      }, { timeoutMs: 30_000 });
      const checkIn = await organiser.post(`/api/events/${eventId}/check-ins`, { code: codeShownAt(credential, new Date()) });
      expect(checkIn.status).toBe(201);
      expect((await buyer.get(`/api/tickets/${ticketId}`)).body.status).toBe('checked-in');
      expect(stripe.violations).toEqual([]);
    });
  });

  it('when orders is killed and started again mid-flow, then the order it held is paid and completed, and nothing is lost', async () => {
    await step('kill and restart orders mid-flow, then pay', async () => {
      const organiser = await signedUp(`organiser2-${RUN}@example.com`);
      const buyer = await signedUp(`buyer2-${RUN}@example.com`);
      const { ticketId } = await eventWithTicket(organiser, `Restart ${RUN}`);
      const order = await known(() => buyer.post('/api/orders', { ticketId }));
      expect(order.status).toBe(201);

      const orders = runs.find((spec) => spec.name === 'orders')!;
      // Killed as a crash would, with the order awaiting payment, then started again as its pod would be.
      await docker(['kill', '--signal', 'KILL', `ticketing-${RUN}-orders`]);
      await docker(['start', `ticketing-${RUN}-orders`]);
      await ready(orders);

      expect((await buyer.get(`/api/orders/${order.body.id}`)).body).toMatchObject({ id: order.body.id, status: 'created' });
      const payment = await known(() => buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' }));
      expect(payment.status).toBe(201);
      await eventually(async () => expect((await buyer.get(`/api/orders/${order.body.id}`)).body.status).toBe('complete'), { timeoutMs: 30_000 });
      await eventually(async () => expect((await buyer.get(`/api/tickets/${ticketId}`)).body.userId).toBe((await buyer.get('/api/users/currentuser')).body.currentUser.id), { timeoutMs: 30_000 });
    });
  });
});
