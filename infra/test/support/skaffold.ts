import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globToRegex, stageNames } from './dockerfile';
import { repoRoot, readYamlFile } from './repo';

export interface SyncRule {
  src: string;
  dest: string;
  strip?: string;
}

export interface Artifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string };
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

/**
 * The fields of skaffold's v4beta schema this file may use, to catch a misspelt key (skaffold itself
 * rejects unknown fields, but only when someone runs it). `true` accepts any value below.
 */
type Shape = true | { [key: string]: Shape } | { items: Shape };
const hook: Shape = { items: { host: { command: true, os: true, dir: true }, container: true } };
const syncRule: Shape = { items: { src: true, dest: true, strip: true } };
const artifact: Shape = {
  items: {
    image: true,
    context: true,
    sync: { manual: syncRule, infer: true, auto: true, hooks: true },
    requires: true,
    hooks: true,
    platforms: true,
    runtimeType: true,
    docker: {
      dockerfile: true,
      target: true,
      buildArgs: true,
      network: true,
      addHost: true,
      cacheFrom: true,
      cliFlags: true,
      pullParent: true,
      noCache: true,
      cacheTo: true,
      squash: true,
      secrets: true,
      ssh: true,
    },
  },
};
const build: Shape = {
  artifacts: artifact,
  insecureRegistries: true,
  tagPolicy: true,
  platforms: true,
  local: { push: true, tryImportMissing: true, useDockerCLI: true, useBuildkit: true, concurrency: true },
  googleCloudBuild: true,
  cluster: true,
};
const manifests: Shape = { rawYaml: true, kustomize: { paths: true, buildArgs: true }, helm: true, kpt: true, transform: true, validate: true, hooks: true };
const deploy: Shape = {
  kubectl: { flags: true, remoteManifests: true, defaultNamespace: true, hooks: { before: hook, after: hook } },
  helm: true,
  kpt: true,
  docker: true,
  cloudrun: true,
  statusCheck: true,
  statusCheckDeadlineSeconds: true,
  tolerateFailuresUntilDeadline: true,
  kubeContext: true,
  logs: true,
  transformableAllowList: true,
};
const sections = { build, test: true, manifests, deploy, portForward: true, resourceSelector: true, verify: true, customActions: true } satisfies Record<string, Shape>;
const SKAFFOLD_SHAPE: Shape = {
  apiVersion: true,
  kind: true,
  metadata: { name: true, labels: true, annotations: true },
  requires: true,
  ...sections,
  profiles: {
    items: {
      name: true,
      activation: true,
      requiresAllActivations: true,
      patches: { items: { op: true, path: true, from: true, value: true } },
      ...sections,
    },
  },
};

function unknownKeys(value: unknown, shape: Shape, at: string): string[] {
  if (shape === true || value === null || typeof value !== 'object') return [];
  if ('items' in shape && Object.keys(shape).length === 1) {
    return Array.isArray(value) ? value.flatMap((v, i) => unknownKeys(v, (shape as { items: Shape }).items, `${at}[${i}]`)) : [`${at}: expected a list`];
  }
  const fields = shape as Record<string, Shape>;
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    k in fields ? unknownKeys(v, fields[k]!, `${at}.${k}`) : [`${at}.${k}: not a field of skaffold's schema here`],
  );
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

function checkArtifacts(artifacts: Artifact[], where: string, files: string[]): string[] {
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
    const target = a.docker?.target;
    if (target && !stageNames(readFileSync(dockerfile, 'utf8')).includes(target)) problems.push(`${at}: target ${target} is no stage of ${path.relative(repoRoot, dockerfile)}`);
    for (const rule of a.sync?.manual ?? []) {
      const re = globToRegex(rule.src);
      const contextPrefix = path.relative(repoRoot, context);
      const matched = files.some((f) => re.test(contextPrefix ? path.posix.relative(contextPrefix, f) : f));
      if (!matched) problems.push(`${at}: sync rule ${rule.src} matches no file`);
      if (rule.dest !== '.' && !rule.dest.startsWith('/')) problems.push(`${at}: sync rule ${rule.src} goes to ${rule.dest}, neither the image's WORKDIR (.) nor absolute`);
    }
  }
  return problems;
}

/** Problems of skaffold.yaml on its own: schema, paths, targets, sync rules, profiles. */
export function checkSkaffold(config: SkaffoldConfig): string[] {
  const problems: string[] = [];
  const version = /^skaffold\/v4beta(\d+)$/.exec(config.apiVersion ?? '');
  if (!version || Number(version[1]) < 11) problems.push(`apiVersion ${config.apiVersion}: expected skaffold/v4beta11 or later`);
  if (config.kind !== 'Config') problems.push(`kind ${config.kind}: expected Config`);
  problems.push(...unknownKeys(config, SKAFFOLD_SHAPE, 'skaffold'));

  const files = repoFiles();
  problems.push(...checkArtifacts(artifactsFor(config), 'build', files));
  for (const profile of config.profiles ?? []) {
    if (profile.build?.artifacts) problems.push(...checkArtifacts(profile.build.artifacts, `profile ${profile.name}`, files));
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
