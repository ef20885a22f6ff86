export type ServerName = 'postgres' | 'nats' | 'redis';

export interface ServerInfo {
  /** What to install, as the messages name it. */
  title: string;
  /** The variable that gives the services and tests a URL of it. */
  variable: string;
  /** Where the tests find it when its variable is unset. */
  defaultPort: number;
  apt: string;
  brew: string;
}

export declare const servers: Record<ServerName, ServerInfo>;

/** The user that runs PostgreSQL when this process is root, and setpriv, which switches to it. */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
  setpriv: string;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Set when this process runs as root. */
  runAs?: RunAs;
}

export interface Missing {
  server: ServerName;
  /** Why an installed server cannot run; unset when it is not installed. */
  problem?: string;
}

/** The executables to start each server from. */
export interface ServersToStart {
  postgres?: PostgresBinaries;
  nats?: string;
  redis?: string;
}

export declare function searchDirs(env?: NodeJS.ProcessEnv): string[];
export declare function findExecutable(name: string, dirs?: string[]): string | undefined;
export declare function findPostgres(dirs?: string[]): PostgresBinaries | Missing;
export declare function findServers(names: ServerName[], dirs?: string[]): { found: ServersToStart; missing: Missing[] };
/** Finds the servers the tests have no URL for: neither in its variable nor answering on its default port. */
export declare function findTestServers(options?: {
  env?: NodeJS.ProcessEnv;
  dirs?: string[];
  answers?: (port: number) => Promise<boolean>;
}): Promise<{ found: ServersToStart; missing: Missing[] }>;
/** One message naming what is missing, with the commands that install it. */
export declare function missingServersMessage(missing: Missing[], command: 'npm start' | 'npm test'): string;
