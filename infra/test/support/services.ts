import { loadAuthConfig } from '../../../auth/src/config';
import { loadServerConfig } from '../../../client/lib/config';
import { loadExpirationConfig } from '../../../expiration/src/config';
import { loadNotificationsConfig } from '../../../notifications/src/config';
import { loadOrdersConfig } from '../../../orders/src/config';
import { loadPaymentsConfig } from '../../../payments/src/config';
import { loadTicketsConfig } from '../../../tickets/src/config';

/**
 * What the manifests must agree with, taken from the services themselves wherever the code says it:
 * each service's own config loader (the one its index.ts calls at start) decides whether a
 * Deployment's environment is complete.
 */
export interface AppService {
  /** The Deployment, its container, Service, ServiceAccount and image ticketing/<name>. */
  name: string;
  loadConfig(env: NodeJS.ProcessEnv): unknown;
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
}

const PORT = 3000;
const nats = { variable: 'NATS_URL', service: 'nats', port: 4222 };
const postgres = (name: string) => ({ variable: 'DATABASE_URL', service: `${name}-postgres`, port: 5432 });
const apiVariables = ['NODE_ENV', 'PORT'];

export const APP_SERVICES: AppService[] = [
  {
    name: 'auth',
    loadConfig: loadAuthConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('auth'), nats],
    routes: ['/api/users'],
  },
  {
    name: 'tickets',
    loadConfig: loadTicketsConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('tickets'), nats],
    routes: ['/api/tickets', '/api/events'],
  },
  {
    name: 'orders',
    loadConfig: loadOrdersConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('orders'), nats],
    routes: ['/api/orders'],
  },
  {
    name: 'payments',
    loadConfig: loadPaymentsConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL'],
    connections: [postgres('payments'), nats],
    routes: ['/api/payments', '/api/payouts'],
  },
  {
    name: 'expiration',
    loadConfig: loadExpirationConfig,
    readinessPath: '/readyz',
    mustSet: [...apiVariables, 'NATS_URL', 'REDIS_URL'],
    connections: [nats, { variable: 'REDIS_URL', service: 'redis', port: 6379 }],
    // Not routed: it has no public API. The ingress check skips an empty route.
    routes: [],
  },
  {
    name: 'notifications',
    loadConfig: loadNotificationsConfig,
    readinessPath: '/readyz',
    // MAIL_FROM and PUBLIC_URL are needed only with SMTP_URL, an optional Secret: set them always, so
    // that filling in that Secret is all it takes to send e-mail.
    mustSet: [...apiVariables, 'DATABASE_URL', 'NATS_URL', 'MAIL_FROM', 'PUBLIC_URL'],
    connections: [postgres('notifications'), nats],
    routes: ['/api/notifications'],
  },
  {
    name: 'client',
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
