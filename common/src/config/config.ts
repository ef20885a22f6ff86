/**
 * Typed, validated environment loading. A service declares what it reads once; `loadConfig` checks
 * all of it and fails with one message naming every missing or invalid variable, so an operator fixes
 * a deployment in one round instead of one crash per variable.
 */
export interface EnvVar<T> {
  /**
   * Returns the value, or throws an Error whose message says what is wrong (without the name).
   * `source` is the whole environment, for rules that depend on another variable.
   */
  parse(raw: string | undefined, source: NodeJS.ProcessEnv): T;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Spec = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends Spec> = { [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

/** Variables whose whole value is a credential, by the names they are given everywhere (`…_KEYS` holds several keys). */
const SECRET_NAME = /(KEYS?|SECRET|PASSWORD|TOKEN|CREDENTIALS)$/i;

/**
 * A message about configuration without the secrets in it: URL credentials (`postgres://app:…@db`)
 * keep only the user name, and the value of any variable named like a credential is hidden wherever
 * it appears. Config errors reach logs, terminals and CI output, where a secret must never land.
 */
export function redactSecrets(message: string, source: NodeJS.ProcessEnv = {}): string {
  let redacted = message.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s"/@]*)@/gi, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });
  for (const [name, value] of Object.entries(source)) {
    if (value && value.length >= 4 && SECRET_NAME.test(name)) redacted = redacted.split(value).join('***');
  }
  return redacted;
}

export function loadConfig<S extends Spec>(spec: S, source: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, envVar] of Object.entries(spec)) {
    const raw = source[name];
    try {
      config[name] = envVar.parse(raw === '' ? undefined : raw, source);
    } catch (err) {
      problems.push(redactSecrets(`${name} ${(err as Error).message}`, source));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<S>;
}

interface Common<T> {
  /** Used when the variable is unset; without it the variable is required. */
  default?: T;
}

function required<T>(opts: Common<T> | undefined, raw: string | undefined, hint: string): string | T {
  if (raw !== undefined) return raw;
  if (opts && 'default' in opts && opts.default !== undefined) return opts.default;
  throw new Error(`is required (${hint})`);
}

export const env = {
  string(opts: Common<string> & { minLength?: number; hint?: string } = {}): EnvVar<string> {
    const hint = opts.hint ?? 'a string';
    return {
      parse(raw) {
        const value = required(opts, raw, hint) as string;
        if (opts.minLength !== undefined && value.length < opts.minLength) {
          throw new Error(`must be at least ${opts.minLength} characters long (${hint})`);
        }
        return value;
      },
    };
  },

  /**
   * A variable that may be absent (`undefined` then), except in production when `requiredInProduction`
   * says why it must be there.
   */
  optional<T>(inner: EnvVar<T>, opts: { requiredInProduction?: string } = {}): EnvVar<T | undefined> {
    return {
      parse(raw, source) {
        if (raw !== undefined) return inner.parse(raw, source);
        if (opts.requiredInProduction && source.NODE_ENV === 'production') {
          throw new Error(`is required in production (${opts.requiredInProduction})`);
        }
        return undefined;
      },
    };
  },

  int(opts: Common<number> & { min?: number; max?: number; hint?: string } = {}): EnvVar<number> {
    const bounds = `an integer${opts.min !== undefined ? ` >= ${opts.min}` : ''}${opts.max !== undefined ? ` <= ${opts.max}` : ''}`;
    const range = opts.hint ? `${bounds} (${opts.hint})` : bounds;
    return {
      parse(raw) {
        const value = required(opts, raw, range);
        if (typeof value === 'number') return value;
        const n = Number(value);
        if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new Error(`must be ${range}, got "${value}"`);
        if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
          throw new Error(`must be ${range}, got ${n}`);
        }
        return n;
      },
    };
  },

  port(opts: Common<number> = {}): EnvVar<number> {
    return env.int({ ...opts, min: 0, max: 65535 });
  },

  url(opts: Common<string> & { protocols?: string[] } = {}): EnvVar<string> {
    const protocols = opts.protocols;
    const hint = protocols ? `a ${protocols.join(' or ')} URL` : 'a URL';
    return {
      parse(raw) {
        const value = required(opts, raw, hint) as string;
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          throw new Error(`must be ${hint}, got "${value}"`);
        }
        if (protocols && !protocols.includes(url.protocol.replace(/:$/, ''))) {
          throw new Error(`must be ${hint}, got protocol "${url.protocol}"`);
        }
        return value;
      },
    };
  },

  oneOf<const T extends string>(values: readonly T[], opts: Common<T> = {}): EnvVar<T> {
    return {
      parse(raw) {
        const value = required(opts, raw, `one of ${values.join(', ')}`);
        if (!values.includes(value as T)) throw new Error(`must be one of ${values.join(', ')}, got "${value}"`);
        return value as T;
      },
    };
  },

  /**
   * Express's `trust proxy`: `true`/`false`, a number of hops, or a list of addresses and subnets
   * (`loopback`, `10.0.0.0/8`, …). A number or boolean left as text would be read as an address.
   */
  trustProxy(opts: Common<string> = {}): EnvVar<boolean | number | string> {
    return {
      parse(raw) {
        const value = (required(opts, raw, 'true, false, a hop count or addresses') as string).trim();
        if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
        if (/^\d+$/.test(value)) return Number(value);
        return value;
      },
    };
  },

  bool(opts: Common<boolean> = {}): EnvVar<boolean> {
    return {
      parse(raw) {
        const value = required(opts, raw, 'true or false');
        if (typeof value === 'boolean') return value;
        if (/^(true|1|yes)$/i.test(value)) return true;
        if (/^(false|0|no)$/i.test(value)) return false;
        throw new Error(`must be true or false, got "${value}"`);
      },
    };
  },
};

/** The variables every HTTP service reads, whatever else it needs. */
export const serviceEnv = {
  NODE_ENV: env.oneOf(['development', 'test', 'production'], { default: 'development' }),
  PORT: env.port({ default: 3000 }),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  /** The address to listen on; every interface when unset. The local launcher binds 127.0.0.1. */
  HOST: env.optional(env.string({ hint: 'an address to listen on, such as 127.0.0.1' })),
  /**
   * Which proxies to believe for the client address and https (Express's `trust proxy`). Only the
   * hops that really are proxies: the ingress's hop count in Kubernetes, the local gateway's own
   * address under `npm start`. Trusting a whole network would let anyone on it name their own
   * address in X-Forwarded-For and get a fresh throttle bucket per request, so the default is none.
   */
  TRUST_PROXY: env.trustProxy({ default: 'false' }),
  SHUTDOWN_TIMEOUT_MS: env.int({ default: 10_000, min: 0 }),
};

/**
 * Where a service keeps its rows: PostgreSQL at DATABASE_URL, else (outside production) embedded
 * PGlite under DATA_DIR/<service>.
 */
export const databaseEnv = {
  DATABASE_URL: env.optional(env.url({ protocols: ['postgres', 'postgresql'] }), {
    requiredInProduction: 'a postgres:// URL; embedded PGlite is for local runs only',
  }),
  DATA_DIR: env.string({ default: '.data', hint: 'the folder for local data such as embedded PGlite' }),
  /** An initialised PGlite data directory that a new embedded database is copied from (`npm start` passes the build's). */
  PGLITE_TEMPLATE_DIR: env.optional(env.string({ hint: 'an initialised PGlite data directory' })),
  DATABASE_POOL_SIZE: env.int({ default: 10, min: 1, max: 1000 }),
  /**
   * Connections of a pool of their own for the work behind the requests (event handlers, the outbox
   * relay), so that a rush of requests queueing for the first pool cannot hold back expiries,
   * replicas and publishing.
   */
  DATABASE_BACKGROUND_POOL_SIZE: env.int({ default: 4, min: 1, max: 1000 }),
  /** Waiting longer than this for a connection fails the call as unavailable (a 503, a retried event). */
  DATABASE_CONNECT_TIMEOUT_MS: env.int({ default: 5_000, min: 100 }),
  DATABASE_STATEMENT_TIMEOUT_MS: env.int({ default: 15_000, min: 100 }),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: env.int({ default: 30_000, min: 100 }),
};

/** Every service verifies sessions with the same key that auth signs them with. */
export const sessionEnv = {
  JWT_KEY: env.string({ minLength: 32, hint: 'the secret that signs session tokens, the same for every service' }),
  JWT_EXPIRES_IN_SECONDS: env.int({ default: 7 * 24 * 3600, min: 60 }),
};
