import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite starts PostgreSQL with 128 MB of shared buffers, and touches all of it: about 130 MiB of
 * resident memory per embedded database. A local service's working set is a few megabytes, so 16 MB
 * keeps every hot page cached for a fraction of the memory.
 */
const startParams = (defaults: readonly string[]) => [...defaults, '-c', 'shared_buffers=16MB'];

/**
 * PGlite is required only when an embedded database is opened (see openDatabase), and then
 * compiled with Liftoff only.
 */
function loadPglite(): typeof PGlite {
  compileWithLiftoffOnly();
  return (require('@electric-sql/pglite') as typeof import('@electric-sql/pglite')).PGlite;
}

/**
 * V8 compiles PGlite's 9 MB of WebAssembly twice: at once with Liftoff, then again optimised with
 * TurboFan in the background. Five embedded databases starting together on two cores spend most
 * of their first seconds in that second compilation, and a local service's queries are bound by
 * the JavaScript around them rather than by PostgreSQL's code: Liftoff's code alone answers them
 * about as fast, at a third of the start-up.
 */
function compileWithLiftoffOnly() {
  v8.setFlagsFromString('--liftoff-only');
}

/** A data directory is initialised once it holds PG_VERSION, as PostgreSQL's own tools judge it. */
const isInitialised = (dataDir: string) => existsSync(path.join(dataDir, 'PG_VERSION'));

/** The installed PGlite's version: a template initialised by one version is not opened by another. */
export function pgliteVersion(): string {
  const packageJson = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** A directory next to `target`, for work that lands on it in one rename. */
const stagingFor = (target: string) => `${target}.staging-${process.pid}-${Date.now()}`;

/**
 * Creates, when it is missing, a freshly initialised PGlite data directory at `templateDir`, for
 * new databases to be copied from. initdb is most of a first start (seconds of CPU per database),
 * and every embedded database begins from the same empty cluster. The directory appears whole or
 * not at all: it is initialised aside and renamed into place. Returns whether it had to be made.
 */
export async function ensurePgliteTemplate(templateDir: string): Promise<'created' | 'present'> {
  if (isInitialised(templateDir)) return 'present';
  mkdirSync(path.dirname(templateDir), { recursive: true });
  const staging = stagingFor(templateDir);
  const Pglite = loadPglite();
  const client = new Pglite(staging, { startParams: startParams(Pglite.defaultStartParams) });
  await client.waitReady;
  await client.close();
  try {
    renameSync(staging, templateDir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (!isInitialised(templateDir)) throw err;
  }
  return 'created';
}

/**
 * Opens embedded PostgreSQL in `dataDir`. A new data directory starts as a copy of `templateDir`
 * when one is given and initialised, instead of running initdb; the copy is made aside and renamed
 * into place, so that a start interrupted mid-copy leaves no half a cluster behind.
 */
export function openPglite(dataDir: string, templateDir?: string): PGlite {
  if (!isInitialised(dataDir) && templateDir && isInitialised(templateDir)) {
    const staging = stagingFor(dataDir);
    cpSync(templateDir, staging, { recursive: true });
    if (existsSync(dataDir) && readdirSync(dataDir).length === 0) rmSync(dataDir, { recursive: true });
    renameSync(staging, dataDir);
  }
  mkdirSync(dataDir, { recursive: true });
  const Pglite = loadPglite();
  return new Pglite(dataDir, { startParams: startParams(Pglite.defaultStartParams) });
}
