// `npm test [-- jest arguments]`: every test against real PostgreSQL, NATS and Redis. A server comes
// from its variable (DATABASE_URL, NATS_URL, REDIS_URL), else from its default port, else a private
// one is started from the binaries installed; when one is in none of these places, this says so
// before the build. Private servers keep their data in a temporary folder that goes when jest ends,
// also on Ctrl-C. The exit code is jest's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { findTestServers, missingServersMessage, servers } = require('../suite/src/find-servers.cjs');

// stderr, since `jest --json` without --outputFile writes its results to stdout.
const say = (message) => process.stderr.write(`npm test: ${message}\n`);

/** The build or jest, while one runs. */
let current;
/** Runs a command on this terminal; resolves with its exit code, or 128 + the signal that ended it. */
const run = (command, args, env = process.env) =>
  new Promise((resolve) => {
    current = spawn(command, args, { stdio: 'inherit', env });
    current.once('error', (err) => (say(`${command}: ${err.message}`), resolve(1)));
    current.once('exit', (code, signal) => resolve(signal ? 128 + constants.signals[signal] : code));
  });

const { found, missing } = await findTestServers();
if (missing.length > 0) {
  process.stderr.write(`${missingServersMessage(missing, 'npm test')}\n`);
  process.exit(1);
}

// Ctrl-C reaches the build, jest and the servers from the terminal; a signal sent to this process
// alone is passed on. Either way nothing more starts, and the servers are cleaned up after.
let signalled;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    signalled ??= signal;
    current?.kill(signal);
  });
}

const built = await run('npm', ['run', 'build']);
if (built !== 0 || signalled) process.exit(built || 128 + constants.signals[signalled]);

const env = { ...process.env };
let dataDir;
let local = {};
if (Object.keys(found).length > 0) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ticketing-test-'));
  const startedAt = Date.now();
  const { startServers } = require('../suite/dist/infrastructure.js');
  try {
    local = await startServers(found, dataDir);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    say(`could not start the servers: ${err.message}`);
    process.exit(1);
  }
  for (const [name, server] of Object.entries(local)) env[servers[name].variable] = server.url;
  const started = Object.values(local).map((server) => `${server.name} at ${server.url}`);
  say(`started ${started.join(', ')} (${((Date.now() - startedAt) / 1000).toFixed(1)} s; data in ${dataDir}, removed when the tests end)`);
}

const jest = signalled ? 128 + constants.signals[signalled] : await run(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], env);
await Promise.all(Object.values(local).map((server) => server.stop()));
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
process.exit(jest);
