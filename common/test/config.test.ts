import { ConfigError, databaseEnv, env, loadConfig, serviceEnv, sessionEnv, type EnvVar } from '../src';

/** Runs loadConfig expecting it to fail, and returns the ConfigError it threw. */
function configErrorOf(spec: Record<string, EnvVar<unknown>>, source: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(spec, source);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

/** Parses one variable `VALUE` with `envVar`. */
function parseOne<T>(envVar: EnvVar<T>, raw: string | undefined, extra: NodeJS.ProcessEnv = {}): T {
  return loadConfig({ VALUE: envVar }, { ...extra, VALUE: raw }).VALUE;
}

const VALID_KEY = 'k'.repeat(32);

describe('loadConfig', () => {
  it('when nothing is set, then serviceEnv gives its typed defaults', () => {
    // Arrange, Act
    const config = loadConfig(serviceEnv, {});

    // Assert
    const port: number = config.PORT;
    const nodeEnv: 'development' | 'test' | 'production' = config.NODE_ENV;
    expect(port).toBe(3000);
    expect(nodeEnv).toBe('development');
    expect(config).toStrictEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      LOG_LEVEL: 'info',
      HOST: undefined,
      TRUST_PROXY: false,
      SHUTDOWN_TIMEOUT_MS: 10_000,
    });
  });

  it('when variables are set, then they are parsed to their types', () => {
    // Arrange
    const source = { NODE_ENV: 'production', PORT: '8080', LOG_LEVEL: 'warn', HOST: '127.0.0.1', TRUST_PROXY: '1', SHUTDOWN_TIMEOUT_MS: '0' };

    // Act
    const config = loadConfig(serviceEnv, source);

    // Assert
    expect(config).toStrictEqual({ NODE_ENV: 'production', PORT: 8080, LOG_LEVEL: 'warn', HOST: '127.0.0.1', TRUST_PROXY: 1, SHUTDOWN_TIMEOUT_MS: 0 });
  });

  it('when several variables are missing or invalid, then one ConfigError names every one of them', () => {
    // Arrange
    const spec = { ...serviceEnv, ...sessionEnv, NATS_URL: env.url(), QUEUE_GROUP: env.string() };
    const source = { PORT: 'eighty', LOG_LEVEL: 'loud', JWT_KEY: 'short', SHUTDOWN_TIMEOUT_MS: '-5' };

    // Act
    const error = configErrorOf(spec, source);

    // Assert
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(6);
    for (const name of ['PORT', 'LOG_LEVEL', 'JWT_KEY', 'SHUTDOWN_TIMEOUT_MS', 'NATS_URL', 'QUEUE_GROUP']) {
      expect(error.message).toContain(name);
    }
    expect(error.problems).toContain('NATS_URL is required (a URL)');
    expect(error.problems).toContain('PORT must be an integer >= 0 <= 65535, got "eighty"');
  });

  it('when every variable is valid, then no error is thrown even with unrelated variables around', () => {
    // Arrange
    const source = { JWT_KEY: VALID_KEY, UNRELATED: 'whatever' };

    // Act
    const config = loadConfig(sessionEnv, source);

    // Assert
    expect(config).toStrictEqual({ JWT_KEY: VALID_KEY, JWT_EXPIRES_IN_SECONDS: 7 * 24 * 3600 });
  });

  it('when a variable is an empty string, then it is treated as unset', () => {
    // Arrange
    const source = { PORT: '', NAME: '' };

    // Act
    const defaulted = loadConfig({ PORT: env.port({ default: 3000 }) }, source);
    const error = configErrorOf({ NAME: env.string() }, source);

    // Assert
    expect(defaulted.PORT).toBe(3000);
    expect(error.problems).toStrictEqual(['NAME is required (a string)']);
  });
});

describe('env.string', () => {
  it('when set, then the raw value is returned unchanged', () => {
    expect(parseOne(env.string(), ' spaced value ')).toBe(' spaced value ');
  });

  it('when shorter than minLength, then it is rejected with the hint', () => {
    // Arrange, Act
    const error = configErrorOf({ SECRET: env.string({ minLength: 8, hint: 'a secret' }) }, { SECRET: 'short' });

    // Assert
    expect(error.problems).toStrictEqual(['SECRET must be at least 8 characters long (a secret)']);
  });
});

describe('env.int', () => {
  it.each([
    ['42', 42],
    ['-7', -7],
    ['0', 0],
  ])('when %p, then %p', (raw, expected) => {
    expect(parseOne(env.int(), raw)).toBe(expected);
  });

  it.each(['4.5', 'abc', '12abc', '1e3', '0x10', '9007199254740993'])('when %p, then it is rejected', (raw) => {
    // Arrange, Act
    const error = configErrorOf({ COUNT: env.int() }, { COUNT: raw });

    // Assert
    expect(error.problems).toStrictEqual([`COUNT must be an integer, got "${raw}"`]);
  });

  it('when outside min and max, then it is rejected naming the range', () => {
    // Arrange
    const spec = { LOW: env.int({ min: 1, max: 10 }), HIGH: env.int({ min: 1, max: 10 }) };

    // Act
    const error = configErrorOf(spec, { LOW: '0', HIGH: '11' });

    // Assert
    expect(error.problems).toStrictEqual(['LOW must be an integer >= 1 <= 10, got 0', 'HIGH must be an integer >= 1 <= 10, got 11']);
  });

  it('when unset with a default, then the default is returned', () => {
    expect(parseOne(env.int({ default: 5 }), undefined)).toBe(5);
  });

  it('when unset without a default, then it is required', () => {
    expect(configErrorOf({ COUNT: env.int() }, {}).problems).toStrictEqual(['COUNT is required (an integer)']);
  });
});

describe('env.port', () => {
  it.each([
    ['0', 0],
    ['80', 80],
    ['65535', 65535],
  ])('when %p, then %p', (raw, expected) => {
    expect(parseOne(env.port(), raw)).toBe(expected);
  });

  it.each(['65536', '-1', 'http'])('when %p, then it is rejected', (raw) => {
    expect(configErrorOf({ PORT: env.port() }, { PORT: raw }).problems[0]).toMatch(/^PORT must be an integer >= 0 <= 65535/);
  });
});

describe('env.url', () => {
  it('when a valid URL, then it is returned as given', () => {
    expect(parseOne(env.url(), 'nats://nats:4222')).toBe('nats://nats:4222');
  });

  it('when not a URL, then it is rejected', () => {
    expect(configErrorOf({ URL_VAR: env.url() }, { URL_VAR: 'not a url' }).problems).toStrictEqual([
      'URL_VAR must be a URL, got "not a url"',
    ]);
  });

  it.each(['postgres://u@db:5432/app', 'postgresql://db/app'])('when %p matches the allowed protocols, then it is accepted', (raw) => {
    expect(parseOne(env.url({ protocols: ['postgres', 'postgresql'] }), raw)).toBe(raw);
  });

  it('when the protocol is not allowed, then it is rejected naming the protocol', () => {
    // Arrange
    const spec = { DB: env.url({ protocols: ['postgres', 'postgresql'] }) };

    // Act
    const error = configErrorOf(spec, { DB: 'mysql://db/app' });

    // Assert
    expect(error.problems).toStrictEqual(['DB must be a postgres or postgresql URL, got protocol "mysql:"']);
  });
});

describe('env.oneOf', () => {
  it('when one of the values, then it is returned', () => {
    expect(parseOne(env.oneOf(['a', 'b']), 'b')).toBe('b');
  });

  it('when not one of the values, then it is rejected listing them', () => {
    expect(configErrorOf({ MODE: env.oneOf(['fast', 'safe']) }, { MODE: 'FAST' }).problems).toStrictEqual([
      'MODE must be one of fast, safe, got "FAST"',
    ]);
  });

  it('when unset with a default, then the default is returned', () => {
    expect(parseOne(env.oneOf(['fast', 'safe'], { default: 'safe' }), undefined)).toBe('safe');
  });
});

describe('env.bool', () => {
  it.each(['true', 'TRUE', '1', 'yes', 'Yes'])('when %p, then true', (raw) => {
    expect(parseOne(env.bool(), raw)).toBe(true);
  });

  it.each(['false', 'False', '0', 'no', 'NO'])('when %p, then false', (raw) => {
    expect(parseOne(env.bool(), raw)).toBe(false);
  });

  it.each(['on', 'maybe', '2'])('when %p, then it is rejected', (raw) => {
    expect(configErrorOf({ FLAG: env.bool() }, { FLAG: raw }).problems).toStrictEqual([`FLAG must be true or false, got "${raw}"`]);
  });

  it('when unset with a default of false, then false', () => {
    expect(parseOne(env.bool({ default: false }), undefined)).toBe(false);
  });
});

describe('env.optional', () => {
  const optionalPort = env.optional(env.port(), { requiredInProduction: 'the metrics port' });

  it('when unset outside production, then undefined', () => {
    expect(parseOne(optionalPort, undefined, { NODE_ENV: 'development' })).toBeUndefined();
  });

  it('when set, then the inner variable parses it', () => {
    expect(parseOne(optionalPort, '9100', { NODE_ENV: 'production' })).toBe(9100);
  });

  it('when set to an invalid value, then the inner rule rejects it', () => {
    expect(configErrorOf({ VALUE: optionalPort }, { VALUE: '99999' }).problems[0]).toMatch(/^VALUE must be an integer/);
  });

  it.each([undefined, ''])('when %p in production, then it is required with the reason', (raw) => {
    // Arrange
    const source = { NODE_ENV: 'production', METRICS_PORT: raw };

    // Act
    const error = configErrorOf({ METRICS_PORT: optionalPort }, source);

    // Assert
    expect(error.problems).toStrictEqual(['METRICS_PORT is required in production (the metrics port)']);
  });

  it('when unset in production without requiredInProduction, then undefined', () => {
    expect(parseOne(env.optional(env.string()), undefined, { NODE_ENV: 'production' })).toBeUndefined();
  });
});

describe('databaseEnv', () => {
  it('when nothing is set outside production, then embedded PGlite under .data', () => {
    expect(loadConfig(databaseEnv, {})).toMatchObject({ DATABASE_URL: undefined, DATA_DIR: '.data', DATABASE_POOL_SIZE: 10 });
  });

  it('when DATABASE_URL is missing in production, then a ConfigError names it', () => {
    // Arrange, Act
    const error = configErrorOf(databaseEnv, { NODE_ENV: 'production' });

    // Assert
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('DATABASE_URL is required in production');
  });

  it('when DATABASE_URL is a postgres URL in production, then it is used', () => {
    // Arrange
    const source = { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/tickets', DATA_DIR: '/var/data' };

    // Act
    const config = loadConfig(databaseEnv, source);

    // Assert
    expect(config).toMatchObject({ DATABASE_URL: 'postgres://app@db:5432/tickets', DATA_DIR: '/var/data' });
  });

  it('when DATABASE_URL is not a postgres URL, then it is rejected', () => {
    expect(configErrorOf(databaseEnv, { DATABASE_URL: 'mysql://db/app' }).problems[0]).toMatch(/^DATABASE_URL must be a postgres/);
  });
});

describe('sessionEnv', () => {
  it('when JWT_KEY is 32 characters, then it is accepted with the default expiry of a week', () => {
    expect(loadConfig(sessionEnv, { JWT_KEY: VALID_KEY })).toStrictEqual({ JWT_KEY: VALID_KEY, JWT_EXPIRES_IN_SECONDS: 604_800 });
  });

  it('when JWT_KEY is 31 characters, then it is rejected', () => {
    // Arrange, Act
    const error = configErrorOf(sessionEnv, { JWT_KEY: 'k'.repeat(31) });

    // Assert
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^JWT_KEY must be at least 32 characters long/);
  });

  it('when JWT_KEY is missing, then it is required', () => {
    expect(configErrorOf(sessionEnv, {}).problems[0]).toMatch(/^JWT_KEY is required/);
  });

  it('when JWT_EXPIRES_IN_SECONDS is below a minute, then it is rejected', () => {
    // Arrange, Act
    const error = configErrorOf(sessionEnv, { JWT_KEY: VALID_KEY, JWT_EXPIRES_IN_SECONDS: '59' });

    // Assert
    expect(error.problems).toStrictEqual(['JWT_EXPIRES_IN_SECONDS must be an integer >= 60, got 59']);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['true', true],
    ['FALSE', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('when TRUST_PROXY is %p, then Express gets %p', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: env.trustProxy() }, { TRUST_PROXY: raw }).TRUST_PROXY).toBe(expected);
  });
});

describe('secrets in configuration errors', () => {
  const problemsOf = (spec: Parameters<typeof loadConfig>[0], source: NodeJS.ProcessEnv) => {
    try {
      loadConfig(spec, source);
    } catch (err) {
      return (err as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('when a database URL with a password is malformed, then the message keeps the user and hides the password', () => {
    const message = problemsOf(databaseEnv, { DATABASE_URL: 'postgres://app:hunter2-long-secret@db host:5432/auth' });

    expect(message).toContain('DATABASE_URL must be');
    expect(message).toContain('postgres://app:***@');
    expect(message).not.toContain('hunter2-long-secret');
  });

  it('when a URL carries a bare token as its user, then the whole token is hidden', () => {
    const message = problemsOf({ REDIS_URL: env.url({ protocols: ['redis'] }) }, { REDIS_URL: 'redis://tok3n-abcdef@cache host' });

    expect(message).toContain('redis://***@');
    expect(message).not.toContain('tok3n-abcdef');
  });

  it('when a secret is pasted into another variable, then its value is hidden there too', () => {
    const jwtKey = 'k'.repeat(20) + 'the-session-signing-secret';
    const message = problemsOf({ ...serviceEnv, ...sessionEnv }, { JWT_KEY: jwtKey, PORT: jwtKey });

    expect(message).toContain('PORT must be an integer');
    expect(message).not.toContain('the-session-signing-secret');
  });

  it('when a list of keys (a name ending in _KEYS) is pasted into another variable, then its value is hidden there too', () => {
    const keys = 'k1:c2lnbmluZy1rZXktb2YtdGhlLWRvb3I=';
    const message = problemsOf({ ...serviceEnv, DOOR_KEYS: env.string() }, { DOOR_KEYS: keys, PORT: keys });

    expect(message).toContain('PORT must be an integer');
    expect(message).not.toContain(keys);
  });
});
