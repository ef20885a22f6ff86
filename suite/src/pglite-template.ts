import path from 'node:path';
import { ensurePgliteTemplate, pgliteVersion } from '@ticketing/common';

/**
 * Where the build keeps an initialised PGlite cluster for `npm start` to copy into each new
 * embedded database: a build cache, so under node_modules/.cache, one per PGlite version.
 */
export const pgliteTemplateDir = () => path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'ticketing', `pglite-${pgliteVersion()}`);

/** Run by the suite's build: initdb once here rather than once per database on a first start. */
if (require.main === module) {
  ensurePgliteTemplate(pgliteTemplateDir()).then(
    (made) => process.stdout.write(`PGlite template ${made}: ${pgliteTemplateDir()}\n`),
    (err: unknown) => {
      process.stderr.write(`could not make the PGlite template: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
