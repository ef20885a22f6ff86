import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { copiedTo, declaredArgs, globToRegex, parseDockerfile, SERVICE_ENTRYPOINT, stageArgs, workdirOf } from './dockerfile';
import { repoRoot, readYamlFile } from './repo';

export interface SyncRule {
  src: string;
  dest: string;
  strip?: string;
}

export interface Artifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string; buildArgs?: Record<string, string> };
  sync?: { manual?: SyncRule[] };
}

interface BuildConfig {
  artifacts?: Artifact[];
}

interface Patch {
  op: string;
  path: string;
}

export interface Profile {
  name: string;
  build?: BuildConfig;
  manifests?: { kustomize?: { paths?: string[] } };
  deploy?: unknown;
  patches?: Patch[];
}

export interface SkaffoldConfig {
  apiVersion: string;
  kind: string;
  build?: BuildConfig;
  manifests?: { kustomize?: { paths?: string[] } };
  deploy?: { kubectl?: { hooks?: { before?: { host?: { command?: string[] } }[]; after?: { host?: { command?: string[] } }[] } } };
  profiles?: Profile[];
}

export const loadSkaffold = (file = path.join(repoRoot, 'skaffold.yaml')) => readYamlFile(file) as SkaffoldConfig;

/** The artifacts in effect with `profile` (a profile's artifact list replaces the main one). */
export function artifactsFor(config: SkaffoldConfig, profile?: string): Artifact[] {
  const chosen = profile ? config.profiles?.find((p) => p.name === profile) : undefined;
  if (profile && !chosen) throw new Error(`skaffold.yaml has no profile ${profile}`);
  return chosen?.build?.artifacts ?? config.build?.artifacts ?? [];
}

export function kustomizePathsFor(config: SkaffoldConfig, profile?: string): string[] {
  const chosen = profile ? config.profiles?.find((p) => p.name === profile) : undefined;
  return chosen?.manifests?.kustomize?.paths ?? config.manifests?.kustomize?.paths ?? [];
}

export const imagesOf = (artifacts: Artifact[]) => artifacts.map((a) => a.image);

/** The profile whose images run in production: no dev loop stage, no sync. */
export const PRODUCTION_PROFILE = 'prod';

/** The root workspaces that are services: their `npm start` is the `node dist/index.js` the service image runs. */
export function serviceWorkspaces(): string[] {
  const read = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as { workspaces?: string[]; scripts?: Record<string, string> };
  return (read('package.json').workspaces ?? []).filter((dir) => existsSync(path.join(repoRoot, dir, 'package.json')) && read(`${dir}/package.json`).scripts?.start === `node ${SERVICE_ENTRYPOINT}`);
}

function repoFiles(dir = repoRoot, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', '.git', 'dist', '.next', '.data'].includes(entry.name)) return [];
    const relative = prefix + entry.name;
    return entry.isDirectory() ? repoFiles(path.join(dir, entry.name), `${relative}/`) : [relative];
  });
}

/** A JSON pointer (as skaffold's profile patches use) resolves in `root`. */
function pointerResolves(root: unknown, pointer: string): boolean {
  let node: unknown = root;
  for (const part of pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

interface ArtifactContext {
  files: string[];
  services: string[];
  production: boolean;
}

function checkArtifacts(artifacts: Artifact[], where: string, { files, services, production }: ArtifactContext): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const a of artifacts) {
    const at = `${where} ${a.image}`;
    if (seen.has(a.image)) problems.push(`${at}: built twice`);
    seen.add(a.image);
    const context = path.join(repoRoot, a.context ?? '.');
    if (!existsSync(context)) problems.push(`${at}: context ${a.context} does not exist`);
    const dockerfile = path.join(context, a.docker?.dockerfile ?? 'Dockerfile');
    if (!existsSync(dockerfile)) {
      problems.push(`${at}: Dockerfile ${path.relative(repoRoot, dockerfile)} does not exist`);
      continue;
    }
    const file = path.relative(repoRoot, dockerfile);
    const parsed = parseDockerfile(readFileSync(dockerfile, 'utf8'));
    const target = a.docker?.target ?? parsed.stages.at(-1)?.name;
    if (!parsed.stages.some((stage) => stage.name === target)) {
      problems.push(`${at}: target ${target ?? '(the last stage, unnamed)'} is no stage of ${file}`);
      continue;
    }
    const buildArgs = a.docker?.buildArgs ?? {};
    const declared = declaredArgs(parsed);
    for (const arg of Object.keys(buildArgs)) if (!declared.includes(arg)) problems.push(`${at}: build argument ${arg} is declared by no ARG of ${file}`);
    if (stageArgs(parsed, target!).includes('SERVICE')) {
      const service = buildArgs.SERVICE;
      if (service === undefined) problems.push(`${at}: target ${target} needs build argument SERVICE`);
      else if (!services.includes(service)) problems.push(`${at}: build argument SERVICE=${service} names no service workspace (one whose npm start is \`node ${SERVICE_ENTRYPOINT}\`)`);
    }
    if (production && target!.endsWith('-dev')) problems.push(`${at}: builds ${target}, a dev loop stage, for production`);
    if (production && a.sync) problems.push(`${at}: syncs files into a production image`);

    const contextPrefix = path.relative(repoRoot, context);
    const inContext = contextPrefix ? files.filter((f) => f.startsWith(`${contextPrefix}/`)).map((f) => path.posix.relative(contextPrefix, f)) : files;
    const workdir = workdirOf(parsed, target!, buildArgs);
    for (const rule of a.sync?.manual ?? []) {
      const matched = inContext.find((f) => globToRegex(rule.src).test(f));
      if (!matched) {
        problems.push(`${at}: sync rule ${rule.src} matches no file`);
        continue;
      }
      // skaffold keeps a synced file's path from the context (less `strip`) below dest, which a
      // relative dest takes from the container's WORKDIR; the image must hold the file there.
      const kept = rule.strip && matched.startsWith(rule.strip) ? matched.slice(rule.strip.length) : matched;
      const lands = path.posix.resolve(workdir, rule.dest, kept);
      const image = copiedTo(parsed, target!, matched, buildArgs);
      if (image !== lands) problems.push(`${at}: sync rule ${rule.src} puts ${matched} at ${lands}, where target ${target} has ${image ? `it at ${image}` : 'no copy of it'}`);
    }
  }
  return problems;
}

/**
 * Problems of skaffold.yaml against the repository: Dockerfiles, targets, build arguments, sync rules,
 * profiles and hooks. Its fields and their types are skaffold's schema's to check (skaffold-schema.ts).
 */
export function checkSkaffold(config: SkaffoldConfig): string[] {
  const problems: string[] = [];
  if (config.kind !== 'Config') problems.push(`kind ${config.kind}: expected Config`);

  const files = repoFiles();
  const services = serviceWorkspaces();
  problems.push(...checkArtifacts(artifactsFor(config), 'build', { files, services, production: false }));
  for (const profile of config.profiles ?? []) {
    // The prod profile is checked even when it inherits the main artifacts: those are the dev loop's.
    const production = profile.name === PRODUCTION_PROFILE;
    if (profile.build?.artifacts || production) problems.push(...checkArtifacts(artifactsFor(config, profile.name), `profile ${profile.name}`, { files, services, production }));
    for (const patch of profile.patches ?? []) {
      if (!pointerResolves(config, patch.path)) problems.push(`profile ${profile.name}: patch ${patch.op} ${patch.path} does not resolve in skaffold.yaml`);
    }
  }
  for (const profile of [undefined, ...(config.profiles ?? []).map((p) => p.name)]) {
    for (const dir of kustomizePathsFor(config, profile)) {
      if (!existsSync(path.join(repoRoot, dir, 'kustomization.yaml'))) problems.push(`${profile ?? 'default'}: kustomize path ${dir} has no kustomization.yaml`);
    }
  }
  const hooks = [...(config.deploy?.kubectl?.hooks?.before ?? []), ...(config.deploy?.kubectl?.hooks?.after ?? [])];
  for (const h of hooks) {
    for (const arg of h.host?.command ?? []) {
      if (/\.(sh|js|mjs)$/.test(arg) && !existsSync(path.join(repoRoot, arg))) problems.push(`deploy hook runs ${arg}, which does not exist`);
    }
  }
  return problems;
}
