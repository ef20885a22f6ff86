/**
 * The services `npm start` runs, the path prefixes the gateway sends to each (the same routes the
 * Kubernetes ingress has), and the port each listens on, counted up from the gateway's.
 */
export interface ServiceSpec {
  name: string;
  /** Workspace folder; the service runs from `<dir>/dist/<entry>` unless `args` say otherwise. */
  dir: string;
  /** The built entry point in `<dir>/dist/`: index.js unless set. */
  entry?: string;
  /**
   * The service whose event listeners this process runs, with that service's database and bus user.
   * It runs only where that database is a PostgreSQL server: embedded PGlite belongs to one process,
   * so on PGlite the service runs its listeners itself. Beside its worker, a service is told
   * EVENT_LISTENERS=worker.
   */
  workerOf?: string;
  /** Node arguments relative to the repository root, for a process that is not a built service. */
  args?: string[];
  /** Where the process reports readiness. */
  readyPath?: string;
  portOffset: number;
  /** Path prefixes the gateway routes here. */
  routes: string[];
  /** `database`: one of its own (a worker has its service's). */
  needs: { database?: boolean; bus?: boolean; redis?: boolean };
}

export const services: ServiceSpec[] = [
  { name: 'auth', dir: 'auth', portOffset: 1, routes: ['/api/users'], needs: { database: true, bus: true } },
  { name: 'tickets', dir: 'tickets', portOffset: 2, routes: ['/api/tickets', '/api/events'], needs: { database: true, bus: true } },
  { name: 'orders', dir: 'orders', portOffset: 3, routes: ['/api/orders'], needs: { database: true, bus: true } },
  { name: 'payments', dir: 'payments', portOffset: 4, routes: ['/api/payments', '/api/payouts'], needs: { database: true, bus: true } },
  { name: 'expiration', dir: 'expiration', portOffset: 5, routes: [], needs: { bus: true, redis: true } },
  { name: 'notifications', dir: 'notifications', portOffset: 6, routes: ['/api/notifications'], needs: { database: true, bus: true } },
  { name: 'orders-worker', dir: 'orders', entry: 'worker.js', workerOf: 'orders', portOffset: 7, routes: [], needs: { bus: true } },
];

/**
 * The web app takes every path no service owns. It runs Next.js's production server from `client/`
 * after `next build`, and calls the API through the gateway.
 */
export const webApp: ServiceSpec = {
  name: 'client',
  dir: 'client',
  args: ['node_modules/next/dist/bin/next', 'start', 'client', '--hostname', '127.0.0.1', '--port'],
  readyPath: '/healthz',
  portOffset: 9,
  routes: [],
  needs: {},
};

/** The service whose database and bus user a process has: its own, or, for a worker, its service's. */
export const ownerOf = (service: ServiceSpec) => service.workerOf ?? service.name;

/** The environment variable that gives a service (and its worker) its own PostgreSQL URL, e.g. TICKETS_DATABASE_URL. */
export const databaseUrlVariable = (service: ServiceSpec) => `${ownerOf(service).toUpperCase()}_DATABASE_URL`;

/** The processes a launch runs, given its environment: each worker only where its service's database is a server. */
export const processesToRun = (env: NodeJS.ProcessEnv): ServiceSpec[] => services.filter((service) => !service.workerOf || Boolean(env[databaseUrlVariable(service)]));
