/**
 * The web app's server-side settings, read from the environment once and checked, so that a bad
 * value stops the server at start with a message saying what to fix rather than failing on the first
 * page someone opens. Nothing here reaches the browser.
 */
export interface ServerConfig {
  /** Where server components call the API: the gateway locally, the ingress controller in Kubernetes. */
  apiUrl: URL;
}

/** The gateway `npm start` runs on its default port. */
export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const raw = env.API_URL?.trim() || DEFAULT_API_URL;
  const hint =
    'API_URL is the base URL the web app calls the API through: the local gateway (e.g. http://127.0.0.1:3000) ' +
    'or, in Kubernetes, the ingress controller (e.g. http://ingress-nginx-controller.ingress-nginx.svc.cluster.local)';
  let apiUrl: URL;
  try {
    apiUrl = new URL(raw);
  } catch {
    throw new ConfigError(`API_URL is not a valid URL: "${raw}". ${hint}.`);
  }
  if (apiUrl.protocol !== 'http:' && apiUrl.protocol !== 'https:') {
    throw new ConfigError(`API_URL must use http or https, got "${raw}". ${hint}.`);
  }
  if (apiUrl.pathname !== '/' || apiUrl.search || apiUrl.hash) {
    throw new ConfigError(`API_URL must be an origin with no path, query or fragment, got "${raw}". ${hint}.`);
  }
  return { apiUrl };
}

let loaded: ServerConfig | undefined;

export function serverConfig(): ServerConfig {
  loaded ??= loadServerConfig();
  return loaded;
}
