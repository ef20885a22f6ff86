import { busEnv, env, listenerEnv, loadConfig, serviceEnv, type ConfigOf, type EnvVar } from '@ticketing/common';

/** BullMQ builds its Redis keys as `bull:<queue>:…` and refuses a queue name containing ":". */
function queueName(defaultName: string): EnvVar<string> {
  const name = env.string({ default: defaultName, hint: 'the BullMQ queue holding the order timers' });
  return {
    parse(raw, source) {
      const value = name.parse(raw, source);
      if (value.includes(':')) throw new Error(`must not contain ":" (BullMQ uses it in its Redis keys), got "${value}"`);
      return value;
    },
  };
}

const expirationEnv = {
  ...serviceEnv,
  ...busEnv,
  ...listenerEnv,
  /** Where the timers live, so they outlive a restart of the service. */
  REDIS_URL: env.url({ default: 'redis://127.0.0.1:6379', protocols: ['redis', 'rediss'] }),
  EXPIRATION_QUEUE: queueName('order-expiration'),
};

export type ExpirationConfig = ConfigOf<typeof expirationEnv>;

export function loadExpirationConfig(source: NodeJS.ProcessEnv = process.env): ExpirationConfig {
  return loadConfig(expirationEnv, source);
}
