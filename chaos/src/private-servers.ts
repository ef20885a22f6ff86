import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findServers, servers, startServers, type LocalServer, type ServerName } from '@ticketing/suite/infrastructure';

/** PostgreSQL, NATS and Redis of the run's own, on free ports with their data in a temporary folder. */
export interface PrivateServers {
  postgres: LocalServer;
  nats: LocalServer;
  redis: LocalServer;
  dataDir: string;
  /** Stops every server and removes their data. */
  stop(): Promise<void>;
}

const NAMES: ServerName[] = ['postgres', 'nats', 'redis'];

/** The servers' own chatter stays out of the way: only what says something went badly wrong passes. */
const SERIOUS: Record<ServerName, RegExp> = {
  postgres: /PANIC/,
  nats: /\[(ERR|FTL)\]/,
  redis: /\b(fatal|error)\b/i,
};

export async function startPrivateServers(log: (line: string) => void): Promise<PrivateServers> {
  // Faults stop and start these servers, so the machine's own (and whatever the environment names) are never used.
  const { found, missing } = findServers(NAMES);
  if (missing.length > 0) {
    throw new Error(
      [
        `npm run chaos starts PostgreSQL, NATS and Redis of its own, and cannot: ${missing.map((m) => m.problem ?? `${servers[m.server].title} is not installed`).join('; ')}.`,
        `  Debian/Ubuntu: apt-get install -y ${missing.map((m) => servers[m.server].apt).join(' ')}`,
      ].join('\n'),
    );
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ticketing-chaos-'));
  const logs = Object.fromEntries(NAMES.map((name) => [name, (line: string) => SERIOUS[name].test(line) && log(`${name} | ${line}`)]));
  let started: Partial<Record<ServerName, LocalServer>>;
  try {
    started = await startServers(found, dataDir, logs);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const { postgres, nats, redis } = started as Record<ServerName, LocalServer>;
  return {
    postgres,
    nats,
    redis,
    dataDir,
    async stop() {
      await Promise.all([postgres.stop(), nats.stop(), redis.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
