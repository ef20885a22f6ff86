import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, SESSION_COOKIE_NAME, busEnv, busServices, env, loadConfig } from '@ticketing/common';
import { GATEWAY_UPSTREAM_ADDRESS, canUseUpstreamAddress, createGateway, type GatewayRoute } from './gateway';
import { MissingServerError, findServers, localNatsPasswords, startServers, type LocalServer, type NatsAuthorization, type ServerName } from './infrastructure';
import { databaseUrlVariable, ownerOf, processesToRun, services, webApp, type ServiceSpec } from './services';
import { pgliteTemplateDir } from './pglite-template';
import { Supervised, waitUntilReady } from './supervisor';

const suiteEnv = {
  PORT: env.port({ default: 3000 }),
  DATA_DIR: env.string({ default: '.data', hint: 'where embedded databases, NATS and Redis keep their data' }),
  NATS_URL: env.optional(env.url({ protocols: ['nats', 'tls'] })),
  /** The nats-server the launcher starts admits each service only to these (bus/permissions.ts). */
  NATS_STREAM: busEnv.NATS_STREAM,
  NATS_SUBJECT_PREFIX: busEnv.NATS_SUBJECT_PREFIX,
  REDIS_URL: env.optional(env.url({ protocols: ['redis', 'rediss'] })),
  JWT_KEY: env.optional(env.string({ minLength: 32 })),
  STARTUP_TIMEOUT_SECONDS: env.int({ default: 120, min: 1 }),
  /** Where the gateway listens: every interface unless set. It is the only public port. */
  HOST: env.optional(env.string({ hint: 'the address the gateway listens on' })),
  /** Services listen on loopback, behind the gateway; 0.0.0.0 opens them to other machines as well. */
  SERVICES_HOST: env.oneOf(['127.0.0.1', '0.0.0.0'], { default: '127.0.0.1' }),
};

const root = path.resolve(__dirname, '..', '..');
const say = (message: string) => process.stdout.write(`${'ticketing'.padEnd(11)}| ${message}\n`);
const logFor = (name: string) => (line: string) => process.stdout.write(`${name.padEnd(11)}| ${line}\n`);
/** The servers' own start-up banners would drown the services' logs: only their warnings pass. */
const warningsOf = (name: string, warning: RegExp) => {
  const log = logFor(name);
  return (line: string) => warning.test(line) && log(line);
};

/** Generated on the first start and kept, so sessions stay valid across restarts. */
function localJwtKey(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  const config = loadConfig(suiteEnv);
  const dataDir = path.resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const startedAt = Date.now();
  const started: LocalServer[] = [];
  const supervised: Supervised[] = [];
  let gateway: ReturnType<typeof createGateway> | undefined;

  let stopping: Promise<void> | undefined;
  const stop = (exitCode: number) => {
    stopping ??= (async () => {
      say('stopping');
      gateway?.close();
      gateway?.closeAllConnections();
      await Promise.all(supervised.map((s) => s.stop()));
      await Promise.all(started.map((s) => s.stop()));
      say('stopped');
      process.exit(exitCode);
    })();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const needs = (what: 'bus' | 'redis') => services.some((s) => s.needs[what]);
  const wanted: ServerName[] = [];
  if (!config.NATS_URL && needs('bus')) wanted.push('nats');
  if (!config.REDIS_URL && needs('redis')) wanted.push('redis');
  const { found, missing } = findServers(wanted);
  if (missing.length > 0) throw new MissingServerError(missing);

  // The NATS it starts admits each service as its own user, allowed only its own subjects.
  const natsAuthorization: NatsAuthorization | undefined = found.nats
    ? { names: { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX }, passwords: localNatsPasswords(dataDir) }
    : undefined;
  // The passwords are in plain text in a config only its owner may read; nats-server warns of that at every start.
  const logs = { nats: warningsOf('nats', /\[(WRN|ERR|FTL)\](?! Plaintext passwords detected)/), redis: warningsOf('redis', / # /) };
  const local = await startServers(found, dataDir, logs, natsAuthorization);
  started.push(...Object.values(local));
  if (local.nats) {
    say(`started nats-server (JetStream) at ${local.nats.url}, data in ${path.join(dataDir, 'nats')}, its users' passwords in ${path.join(dataDir, 'nats-passwords.json')}`);
  }
  if (local.redis) say(`started redis-server at ${local.redis.url}, data in ${path.join(dataDir, 'redis')}`);
  const natsUrl = config.NATS_URL ?? local.nats?.url;
  const redisUrl = config.REDIS_URL ?? local.redis?.url;

  const jwtKey = config.JWT_KEY ?? localJwtKey(dataDir);
  const gatewayUrl = `http://127.0.0.1:${config.PORT}`;
  // The web app runs once it has been built (`npm run build` does it); the API works without it.
  const withWebApp = existsSync(path.join(root, webApp.dir, '.next', 'BUILD_ID'));
  if (!withWebApp) say('the web app is not built (npm run build); serving the API only');
  const processes = processesToRun(process.env);
  const running: ServiceSpec[] = withWebApp ? [...processes, webApp] : processes;
  const hasWorker = (service: ServiceSpec) => processes.some((other) => other.workerOf === service.name);
  // Services believe X-Forwarded-For only from the gateway's own address, so no other local process
  // (nor, with SERVICES_HOST=0.0.0.0, any other machine) can name its own client address.
  const upstreamAddress = (await canUseUpstreamAddress()) ? GATEWAY_UPSTREAM_ADDRESS : undefined;
  if (!upstreamAddress) {
    say(`${GATEWAY_UPSTREAM_ADDRESS} is not usable here: services trust every loopback client as the gateway (macOS: sudo ifconfig lo0 alias ${GATEWAY_UPSTREAM_ADDRESS})`);
  }
  const routes: GatewayRoute[] = [];
  const templateDir = process.env.PGLITE_TEMPLATE_DIR ?? pgliteTemplateDir();
  for (const service of running) {
    const port = config.PORT + service.portOffset;
    const natsUser = natsAuthorization && busServices.find((user) => user === ownerOf(service));
    const serviceEnv: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: config.SERVICES_HOST,
      TRUST_PROXY: upstreamAddress ?? 'loopback',
      DATA_DIR: dataDir,
      JWT_KEY: jwtKey,
      ...(natsUrl ? { NATS_URL: natsUrl } : {}),
      // On NATS_URL a service connects as the environment says (no user for a server without users).
      ...(natsUser ? { NATS_USER: natsUser, NATS_PASSWORD: natsAuthorization!.passwords[natsUser] } : {}),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      // Each service has a database of its own: only its own variable may name a server.
      DATABASE_URL: process.env[databaseUrlVariable(service)],
      // Without one, a new embedded database is copied from the cluster the build initialised.
      PGLITE_TEMPLATE_DIR: templateDir,
      ...(hasWorker(service) ? { EVENT_LISTENERS: 'worker' } : {}),
      // Server-side rendering calls the API through the gateway, as the browser does.
      API_URL: gatewayUrl,
      // Where links in e-mails and Stripe's return from onboarding lead: this suite's own origin.
      PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      // Only notifications reads it, and only with SMTP_URL set (then e-mail goes out).
      MAIL_FROM: process.env.MAIL_FROM ?? 'Ticketing <tickets@localhost>',
      // Traces go wherever OTEL_EXPORTER_OTLP_ENDPOINT says, each service under its own name.
      OTEL_SERVICE_NAME: service.name,
    };
    if (!serviceEnv.DATABASE_URL) delete serviceEnv.DATABASE_URL;
    const child = new Supervised({
      name: service.name,
      args: service.args ? [...service.args, String(port)] : [path.join(service.dir, 'dist', service.entry ?? 'index.js')],
      cwd: root,
      env: serviceEnv,
      log: logFor(service.name),
      report: say,
    });
    supervised.push(child);
    child.start();
    for (const prefix of service.routes) routes.push({ prefix, target: { host: '127.0.0.1', port } });
  }

  // The cache stands in for the one a CDN or a caching ingress keeps in front of the cluster: an
  // anonymous reload storm on a public listing reaches tickets about once a second.
  const sharedCache = { bypassCookies: [SESSION_COOKIE_NAME] };
  gateway = createGateway(routes, withWebApp ? { host: '127.0.0.1', port: config.PORT + webApp.portOffset } : undefined, { upstreamAddress, sharedCache });
  await new Promise<void>((resolve, reject) => {
    gateway!.once('error', reject);
    gateway!.listen(config.PORT, config.HOST, resolve);
  });

  await Promise.all(
    running.map(async (service) => {
      const readyUrl = `http://127.0.0.1:${config.PORT + service.portOffset}${service.readyPath ?? '/readyz'}`;
      await waitUntilReady(readyUrl, config.STARTUP_TIMEOUT_SECONDS * 1000);
      say(`${service.name} ready (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
    }),
  );
  say(`Ticketing is up at http://localhost:${config.PORT} (payments in ${process.env.STRIPE_SECRET_KEY ? 'Stripe' : 'sandbox'} mode; data in ${dataDir})`);
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError || err instanceof MissingServerError ? err.message : String((err as Error)?.stack ?? err);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
