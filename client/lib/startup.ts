import { ConfigError, serverConfig } from './config';

/**
 * A bad API_URL stops the server at start, with a message saying what to fix: a server that cannot
 * reach the API would otherwise look healthy and fail every page.
 */
export function checkConfigAtStart(): void {
  try {
    serverConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
