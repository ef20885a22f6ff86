import { env, loadConfig, type ConfigOf, type EnvVar } from '@ticketing/common';
import { services } from '@ticketing/suite/services';

/** One fault, injected while the load runs; the next starts once the suite has recovered from it. */
export type FaultSpec =
  | { kind: 'kill'; service: string }
  | { kind: 'pause'; service: string }
  | { kind: 'restart-nats' }
  | { kind: 'flush-redis' }
  | { kind: 'stop-postgres' };

const serviceNames = services.map((service) => service.name);

const DEFAULT_FAULTS = [...serviceNames.map((name) => `kill:${name}`), 'restart-nats', 'flush-redis', 'pause:orders', 'stop-postgres'].join(',');

const FAULT_SYNTAX = `a comma-separated list of kill:<service>, pause:<service>, restart-nats, flush-redis and stop-postgres, where <service> is ${serviceNames.join(', ')}`;

/** The fault an entry names, or undefined when it names none. */
function parseFault(entry: string): FaultSpec | undefined {
  const [kind, service, ...rest] = entry.split(':');
  if (rest.length > 0) return undefined;
  if ((kind === 'restart-nats' || kind === 'flush-redis' || kind === 'stop-postgres') && service === undefined) return { kind };
  if ((kind === 'kill' || kind === 'pause') && service !== undefined && serviceNames.includes(service)) return { kind, service };
  return undefined;
}

/** Which faults to inject, in that order; every one by default. */
const faultList: EnvVar<FaultSpec[]> = {
  parse(raw) {
    const entries = (raw ?? DEFAULT_FAULTS)
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const faults = entries.map(parseFault);
    const unknown = entries.filter((_, i) => faults[i] === undefined);
    if (unknown.length > 0) throw new Error(`must be ${FAULT_SYNTAX}; ${unknown.map((entry) => `"${entry}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not`);
    if (faults.length === 0) throw new Error(`must be ${FAULT_SYNTAX}, not empty`);
    return faults as FaultSpec[];
  },
};

const chaosEnv = {
  /** Organisers creating events, issuing their tickets and changing their listings throughout the run. */
  CHAOS_SELLERS: env.int({ default: 10, min: 1, max: 200 }),
  /** Signed-in users browsing, ordering, paying, cancelling and walking away throughout the run. */
  CHAOS_BUYERS: env.int({ default: 30, min: 1, max: 500 }),
  /** Each organiser takes a step about this often (jittered by half either way): issues a few tickets, re-prices or withdraws one. */
  CHAOS_LIST_INTERVAL_MS: env.int({ default: 3000, min: 10 }),
  /** A buyer's pause between steps (jittered by half either way). */
  CHAOS_THINK_MS: env.int({ default: 1000, min: 0 }),
  /** The hold window of every order (EXPIRATION_WINDOW_SECONDS), short so that holds expire during the run. */
  CHAOS_HOLD_SECONDS: env.int({ default: 15, min: 2, max: 600 }),
  /** The load runs at least this long, however quickly the faults are over. */
  CHAOS_MIN_LOAD_SECONDS: env.int({ default: 120, min: 1 }),
  /** Load with no fault before the first one and after the last one: the baseline for "no 5xx outside the windows". */
  CHAOS_CALM_SECONDS: env.int({ default: 15, min: 0 }),
  CHAOS_FAULTS: faultList,
  CHAOS_NATS_DOWN_SECONDS: env.int({ default: 5, min: 1 }),
  /** How long a paused service stays stopped (SIGSTOP … SIGCONT). */
  CHAOS_PAUSE_SECONDS: env.int({ default: 10, min: 1 }),
  /** Longer than the listeners' whole redelivery schedule by default: an outage must be waited out, never dead-lettered. */
  CHAOS_POSTGRES_DOWN_SECONDS: env.int({ default: 190, min: 1 }),
  /** After a fault is undone, how long every service may take to answer /readyz again before that counts as a violation. */
  CHAOS_RECOVERY_TIMEOUT_SECONDS: env.int({ default: 120, min: 1 }),
  /** A fault's window lasts until every service is ready again plus this margin; a 5xx inside it is the fault's. */
  CHAOS_RECOVERY_MARGIN_SECONDS: env.int({ default: 15, min: 0 }),
  /** Load with no fault between one window's end and the next fault. */
  CHAOS_FAULT_GAP_SECONDS: env.int({ default: 5, min: 0 }),
  /** After the load, how long the services may take to agree with each other before the checks are final. */
  CHAOS_SETTLE_TIMEOUT_SECONDS: env.int({ default: 180, min: 1 }),
  /** An unpaid order this long past its expiresAt is a violation (the orders sweep's own grace is 3 s). */
  CHAOS_EXPIRY_GRACE_SECONDS: env.int({ default: 6, min: 0 }),
  /** A request with no answer by then counts as unanswered (status 0). */
  CHAOS_REQUEST_TIMEOUT_MS: env.int({ default: 30_000, min: 100 }),
};

export type ChaosConfig = ConfigOf<typeof chaosEnv>;

export function loadChaosConfig(source: NodeJS.ProcessEnv = process.env): ChaosConfig {
  return loadConfig(chaosEnv, source);
}
