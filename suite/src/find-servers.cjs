// Finds PostgreSQL, NATS and Redis on this machine. Plain CommonJS, so that `npm test` can say what is
// missing before it spends its time on the build (scripts/test.mjs), while infrastructure.ts, which
// starts what this finds, imports the same code. TypeScript reads no JavaScript in this workspace: the
// types are in find-servers.d.cts, and the build does not copy this file, so it is always loaded from src/.
'use strict';

const { execFileSync } = require('node:child_process');
const { accessSync, constants, readdirSync } = require('node:fs');
const { connect } = require('node:net');
const path = require('node:path');

/** @type {typeof import('./find-servers.cjs').servers} */
const servers = {
  postgres: { title: 'PostgreSQL (initdb and postgres)', variable: 'DATABASE_URL', defaultPort: 5432, apt: 'postgresql', brew: 'postgresql@17' },
  nats: { title: 'nats-server', variable: 'NATS_URL', defaultPort: 4222, apt: 'nats-server', brew: 'nats-server' },
  redis: { title: 'redis-server', variable: 'REDIS_URL', defaultPort: 6379, apt: 'redis-server', brew: 'redis' },
};

const executables = { nats: 'nats-server', redis: 'redis-server' };

/** Debian installs nats-server under /usr/sbin, which is not on every user's PATH. */
const extraDirs = ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/bin', '/usr/local/bin'];

/**
 * Where packages keep PostgreSQL off the PATH, one folder per major version: Debian and Ubuntu, the
 * PGDG packages for Red Hat, and Homebrew's versioned formulae, which it does not link.
 */
const postgresInstalls = [
  { parent: '/usr/lib/postgresql', version: /^(\d+)$/ },
  { parent: '/usr', version: /^pgsql-(\d+)$/ },
  { parent: '/opt/homebrew/opt', version: /^postgresql@(\d+)$/ },
  { parent: '/usr/local/opt', version: /^postgresql@(\d+)$/ },
];

/** @param {string} dir */
function entriesOf(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The PATH, then the usual folders outside it, then PostgreSQL's versioned folders, newest first. */
function searchDirs(env = process.env) {
  const postgresDirs = postgresInstalls
    .flatMap(({ parent, version }) =>
      entriesOf(parent).flatMap((entry) => {
        const match = version.exec(entry);
        return match ? [{ dir: path.join(parent, entry, 'bin'), major: Number(match[1]) }] : [];
      }),
    )
    .sort((a, b) => b.major - a.major)
    .map(({ dir }) => dir);
  return [...(env.PATH ?? '').split(path.delimiter), ...extraDirs, ...postgresDirs].filter(Boolean);
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @type {typeof import('./find-servers.cjs').findExecutable} */
function findExecutable(name, dirs = searchDirs()) {
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}

const isRoot = () => process.getuid?.() === 0;

/** @type {typeof import('./find-servers.cjs').findPostgres} */
function findPostgres(dirs = searchDirs()) {
  // initdb and postgres of one installation: a data folder only opens with the version that made it.
  const dir = dirs.find((d) => isExecutable(path.join(d, 'initdb')) && isExecutable(path.join(d, 'postgres')));
  if (!dir) return { server: 'postgres' };
  const binaries = { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres') };
  if (!isRoot()) return binaries;
  const setpriv = findExecutable('setpriv', dirs);
  if (!setpriv) {
    return { server: 'postgres', problem: 'PostgreSQL refuses to run as root, and setpriv (util-linux), which would run it as the user postgres, is not installed: install util-linux, or run npm test as another user.' };
  }
  const user = userIds('postgres');
  if (!user) {
    return { server: 'postgres', problem: 'PostgreSQL refuses to run as root, and there is no user postgres to run it as: create one (useradd --system --user-group postgres), or run npm test as another user.' };
  }
  return { ...binaries, runAs: { name: 'postgres', ...user, setpriv } };
}

/**
 * A user's ids as the system's name service knows them (Node has no getpwnam).
 * @param {string} name
 */
function userIds(name) {
  const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/** @type {typeof import('./find-servers.cjs').findServers} */
function findServers(names, dirs = searchDirs()) {
  /** @type {import('./find-servers.cjs').ServersToStart} */
  const found = {};
  /** @type {import('./find-servers.cjs').Missing[]} */
  const missing = [];
  for (const name of names) {
    if (name === 'postgres') {
      const postgres = findPostgres(dirs);
      if ('initdb' in postgres) found.postgres = postgres;
      else missing.push(postgres);
    } else {
      const executable = findExecutable(executables[name], dirs);
      if (executable) found[name] = executable;
      else missing.push({ server: name });
    }
  }
  return { found, missing };
}

/** @type {(port: number) => Promise<boolean>} */
function answersOnLoopback(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/** @type {typeof import('./find-servers.cjs').findTestServers} */
async function findTestServers({ env = process.env, dirs = searchDirs(env), answers = answersOnLoopback } = {}) {
  const names = /** @type {import('./find-servers.cjs').ServerName[]} */ (Object.keys(servers));
  const served = await Promise.all(names.map(async (name) => Boolean(env[servers[name].variable]) || (await answers(servers[name].defaultPort))));
  return findServers(names.filter((_, i) => !served[i]), dirs);
}

/** @param {string[]} items */
const inWords = (items) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''));

/** @type {typeof import('./find-servers.cjs').missingServersMessage} */
function missingServersMessage(missing, command) {
  const notInstalled = missing.filter((m) => !m.problem).map((m) => servers[m.server]);
  const lines = [];
  if (notInstalled.length > 0) {
    const needs = inWords(notInstalled.map((s) => s.title));
    const variables = notInstalled.map((s) => s.variable).join(' / ');
    const ports = notInstalled.map((s) => `127.0.0.1:${s.defaultPort}`).join(' / ');
    lines.push(
      command === 'npm test'
        ? `npm test needs ${needs}: for each, set its variable (${variables}) to a running server, serve it on its default port (${ports}), or install it and npm test starts a private one:`
        : `Ticketing needs ${needs}: set ${variables} to a running server, or install:`,
      `  Debian/Ubuntu: ${isRoot() ? '' : 'sudo '}apt-get install -y ${notInstalled.map((s) => s.apt).join(' ')}`,
      `  macOS:         brew install ${notInstalled.map((s) => s.brew).join(' ')}`,
    );
  }
  for (const { problem } of missing) if (problem) lines.push(problem);
  return lines.join('\n');
}

module.exports = { servers, searchDirs, findExecutable, findPostgres, findServers, findTestServers, missingServersMessage };
