// Adds the platform builds that npm left out of package-lock.json. Packages such as @swc/core ship
// one optional dependency per OS and CPU; when the registry a lockfile is made against serves only
// some of them (ours serves Linux builds), npm omits the rest, and `npm ci` then refuses the
// lockfile as out of sync. A version-only optional entry is what npm needs: on each machine npm
// installs the build for that platform and skips the others.
// Run it after any `npm install` that changes package-lock.json: `npm run lockfile:complete`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Where node would find `name` from the package at `from`: its own node_modules, then upwards. */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent === -1 ? '' : dir.slice(0, parent);
  }
}

let added = 0;
for (const [location, entry] of Object.entries({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name)) continue;
    packages[`node_modules/${name}`] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} missing platform build(s) recorded\n`);
