import type { Manifest } from './manifests';

/** Rendered documents are plain JSON; the breakages of the tests reach into them freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** Where the named object is in `docs`; a generated ConfigMap is named without its hash suffix (nats-config). */
function indexOf(docs: Manifest[], kind: string, name: string): number {
  const named = (d: Manifest) => d.metadata.name === name || (kind === 'ConfigMap' && d.metadata.name.startsWith(`${name}-`));
  const index = docs.findIndex((d) => d.kind === kind && named(d));
  if (index < 0) throw new Error(`no ${kind}/${name} to break`);
  return index;
}

/** A copy of `docs` with one object changed by `change`, the rest as rendered. */
export function brokenCopy(docs: Manifest[], kind: string, name: string, change: (doc: Loose) => unknown): Manifest[] {
  const copy = structuredClone(docs);
  change(copy[indexOf(copy, kind, name)]);
  return copy;
}

/** A copy of `docs` without one object. */
export function copyWithout(docs: Manifest[], kind: string, name: string): Manifest[] {
  const copy = structuredClone(docs);
  copy.splice(indexOf(copy, kind, name), 1);
  return copy;
}
