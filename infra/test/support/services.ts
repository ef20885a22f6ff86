import { loadAuthConfig } from '../../../auth/src/config';
import { loadServerConfig } from '../../../client/lib/config';
import { busServices, type BusService } from '../../../common/src/bus/permissions';
import { loadExpirationConfig } from '../../../expiration/src/config';
import { loadNotificationsConfig } from '../../../notifications/src/config';
import { loadOrdersConfig } from '../../../orders/src/config';
import { loadOrdersWorkerConfig } from '../../../orders/src/worker-config';
import { loadPaymentsConfig } from '../../../payments/src/config';
import { loadTicketsConfig } from '../../../tickets/src/config';

/**
 * What the manifests must agree with, taken from the services themselves wherever the code says it:
 * each service's own config loader (the one its index.ts calls at start) decides whether a
 * Deployment's environment is complete.
 */
export interface AppService {
  /** The Deployment, its container and ServiceAccount, and its Service where it has one. */
  name: string;
  /**
   * The workspace it is a process of: it runs that workspace's image, ticketing/<workspace>, and on
   * the bus it is that workspace's NATS user (common/src/bus/permissions.ts).
   */
  workspace: string;
  /**
   * Another entry point of the workspace than the one its image runs (dist/index.js), from the
   * workspace folder; unset, the container runs the image's own command.
   */
  entrypoint?: string;
  loadConfig(env: NodeJS.ProcessEnv): unknown;
  /**
   * Whether, in this environment, it runs its workspace's event listeners: always, unless set. They
   * run in exactly one of a workspace's Deployments.
   */
  runsEventListeners?(env: NodeJS.ProcessEnv): boolean;
  readinessPath: '/readyz' | '/healthz';
  /**
   * Variables whose defaults only suit one machine (127.0.0.1 URLs, development mode, embedded
   * PGlite): the loader accepts their absence, a Deployment must not.
   */
  mustSet: string[];
  /** Variables holding the URL of something in the cluster, and the Service each must name. */
  connections: { variable: string; service: string; port: number }[];
  /** The ingress path prefixes routed to it (the brief's routes, as suite/src/services.ts has them). */
  routes: string[];
  /**
   * PostgreSQL connections it holds beside its two pools: one per LISTEN (the outbox relay's, and
   * tickets' listings and orders' purchases announcements), each kept open outside the pools.
   */
  listenConnections?: number;
}

const PORT = 3000;
const nats = { variable: 'NATS_URL', service: 'nats', port: 4222 };
const postgres = (name: string) => ({ variable: 'DATABASE_URL', service: `${name}-postgres`, port: 5432 });
const apiVariables = ['NODE_ENV', 'PORT'];

export const APP_SERVICES: AppService[] = [
  {
    name: 'auth',
    workspace: 'auth',
    loadConfig: loadAuthConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('auth'), nats],
    routes: ['/api/users'],
    listenConnections: 1,
  },
  {
    name: 'tickets',
    workspace: 'tickets',
    loadConfig: loadTicketsConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('tickets'), nats],
    routes: ['/api/tickets', '/api/events'],
    listenConnections: 2,
  },
  {
    name: 'orders',
    workspace: 'orders',
    loadConfig: loadOrdersConfig,
    runsEventListeners: (env) => loadOrdersConfig(env).EVENT_LISTENERS === 'in-process',
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('orders'), nats],
    routes: ['/api/orders'],
    listenConnections: 2,
  },
  {
    // orders' event listeners and an outbox relay, on orders' database and bus user, beside the API.
    name: 'orders-worker',
    workspace: 'orders',
    entrypoint: 'dist/worker.js',
    loadConfig: loadOrdersWorkerConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('orders'), nats],
    // Not routed: it serves only probes and metrics.
    routes: [],
    listenConnections: 1,
  },
  {
    name: 'payments',
    workspace: 'payments',
    loadConfig: loadPaymentsConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('payments'), nats],
    routes: ['/api/payments', '/api/payouts'],
    listenConnections: 1,
  },
  {
    name: 'expiration',
    workspace: 'expiration',
    loadConfig: loadExpirationConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'NATS_URL', 'REDIS_URL'],
    connections: [nats, { variable: 'REDIS_URL', service: 'redis', port: 6379 }],
    // Not routed: it has no public API. The ingress check skips an empty route.
    routes: [],
  },
  {
    name: 'notifications',
    workspace: 'notifications',
    loadConfig: loadNotificationsConfig,
    readinessPath: '/readyz',
    // MAIL_FROM and PUBLIC_URL are needed only with SMTP_URL, an optional Secret: set them always, so
    // that filling in that Secret is all it takes to send e-mail.
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL', 'MAIL_FROM', 'PUBLIC_URL'],
    connections: [postgres('notifications'), nats],
    routes: ['/api/notifications'],
    listenConnections: 0,
  },
  {
    name: 'client',
    workspace: 'client',
    loadConfig: loadServerConfig,
    // The web app serves /healthz only; it has no dependency of its own to be ready for.
    readinessPath: '/healthz',
    // HOSTNAME: Kubernetes sets it to the pod name, and Next.js would listen on that address only.
    mustSet: ['PORT', 'API_URL', 'HOSTNAME'],
    connections: [],
    routes: ['/'],
  },
];

export const APP_PORT = PORT;

/** The observability component's collector and trace store: their Deployments, Services and pods. */
export const COLLECTOR = 'otel-collector';
export const JAEGER = 'jaeger';

/** Images the manifests use without building them (the last two: the observability component). */
export const THIRD_PARTY_IMAGES = ['postgres', 'nats', 'redis', 'otel/opentelemetry-collector-contrib', 'jaegertracing/jaeger'];

export const appService = (name: string) => APP_SERVICES.find((s) => s.name === name);

/** The image a service runs: its workspace's. */
export const imageOf = (service: AppService) => `ticketing/${service.workspace}`;

/** The workspaces the Deployments run, each once: the images skaffold builds and the Dockerfile's SERVICE values (and the web app). */
export const APP_WORKSPACES = [...new Set(APP_SERVICES.map((s) => s.workspace))];

/** The NATS user a service connects as: its workspace's, if that workspace is on the bus. */
export const busUserOf = (service: AppService): BusService | undefined => busServices.find((user) => user === service.workspace);

/** The Deployments on the bus: each NATS user's own, and the other processes of its workspace (the orders worker). */
export const BUS_DEPLOYMENTS = [...new Set([...busServices, ...APP_SERVICES.filter((s) => busUserOf(s)).map((s) => s.name)])];
