import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const k8sDir = path.join(repoRoot, 'infra', 'k8s');
export const secretsScript = path.join(repoRoot, 'infra', 'scripts', 'create-secrets.sh');

export const overlays = ['dev', 'prod'] as const;
export type OverlayName = (typeof overlays)[number];

export const overlayDir = (name: OverlayName) => path.join(k8sDir, 'overlays', name);

/** The opt-in kustomize components (k8s/components), which no overlay enables by default. */
export const components = ['monitoring', 'observability'] as const;
export type ComponentName = (typeof components)[number];

/** Test-only kustomizations: an overlay with every component, as an overlay of one's own enables them. */
export const withComponentsDir = (name: OverlayName) => path.join(repoRoot, 'infra', 'test', 'kustomizations', `${name}-with-components`);

/** Every namespaced object lands here (the kustomization's namespace, the script's default). */
export const NAMESPACE = 'ticketing';

/** The documents of a YAML stream; a syntax error throws with its position. */
export function parseYamlStream(text: string, source: string): unknown[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

export function readYamlFile(file: string): unknown {
  const [first] = parseYamlStream(readFileSync(file, 'utf8'), file);
  return first;
}
