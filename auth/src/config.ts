import { databaseEnv, env, loadConfig, serviceEnv, sessionEnv, type ConfigOf } from '@ticketing/common';

const authEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  SIGNIN_MAX_ATTEMPTS_PER_EMAIL: env.int({ default: 5, min: 1 }),
  SIGNIN_MAX_ATTEMPTS_PER_CLIENT: env.int({ default: 20, min: 1 }),
  SIGNIN_THROTTLE_WINDOW_SECONDS: env.int({ default: 15 * 60, min: 1 }),
};

export type AuthConfig = ConfigOf<typeof authEnv>;

export function loadAuthConfig(source: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(authEnv, source);
}
