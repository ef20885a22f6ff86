import { readdirSync } from 'node:fs';
import path from 'node:path';
import { schemaCheck, type SchemaCheck } from './json-schema';
import { repoRoot } from './repo';

/** skaffold's published JSON schemas, one per apiVersion skaffold.yaml has used (see its README). */
export const skaffoldSchemasDir = path.join(repoRoot, 'infra', 'schemas');

/** Keywords skaffold's schemas add for editors (IntelliJ's field help, the order of fields); no constraint. */
const SKAFFOLD_ANNOTATIONS = ['x-intellij-html-description', 'preferredOrder'];

/** The kept schema of `apiVersion` (`skaffold/v4beta11` is `skaffold-v4beta11.json`); throws when none is kept. */
export function skaffoldSchemaFile(apiVersion: unknown): string {
  const version = typeof apiVersion === 'string' ? /^skaffold\/(v\w+)$/.exec(apiVersion)?.[1] : undefined;
  if (!version) throw new Error(`skaffold.yaml: apiVersion ${JSON.stringify(apiVersion)} is not skaffold/<version>`);
  const file = `skaffold-${version}.json`;
  const kept = readdirSync(skaffoldSchemasDir).filter((f) => /^skaffold-.+\.json$/.test(f));
  if (!kept.includes(file)) {
    throw new Error(
      `skaffold.yaml: no schema is kept for ${apiVersion} (infra/schemas has ${kept.join(', ') || 'none'}); ` +
        `add skaffold's docs-v2/content/en/schemas/${version}.json there as ${file}`,
    );
  }
  return path.join(skaffoldSchemasDir, file);
}

const checks = new Map<string, SchemaCheck>();

/** The problems of a parsed skaffold.yaml against skaffold's schema of its own apiVersion. */
export function checkSkaffoldSchema(config: unknown): string[] {
  const file = skaffoldSchemaFile((config as { apiVersion?: unknown } | null)?.apiVersion);
  let check = checks.get(file);
  if (!check) {
    check = schemaCheck(file, SKAFFOLD_ANNOTATIONS);
    checks.set(file, check);
  }
  return check(config);
}
