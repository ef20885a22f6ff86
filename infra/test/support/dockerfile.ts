import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo';

/** The one Dockerfile every image builds from, with the repository root as its context. */
export const DOCKERFILE = 'Dockerfile';

/**
 * Its stages that skaffold and the docs build: `service` (with SERVICE=<folder>) and `web` run in
 * production, the two `-dev` ones in the skaffold dev loop.
 */
export const TARGETS = { service: 'service', serviceDev: 'service-dev', web: 'web', webDev: 'web-dev' } as const;

/** The stage the `service` target takes everything from: one service's files, gathered by SERVICE. */
export const SERVICE_FILES_STAGE = 'service-files';

/** What the service image runs, from its WORKDIR /app/<service>: each service's `npm start`. */
export const SERVICE_ENTRYPOINT = 'dist/index.js';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  base: string;
  name?: string;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** The instructions before the first FROM: the ARGs a FROM may use. */
  preamble: Instruction[];
  stages: Stage[];
}

/** A Dockerfile's global ARGs and stages with their instructions; line continuations joined, comments dropped. */
export function parseDockerfile(text: string): Dockerfile {
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1);
      const next = lines[++i]!.trim();
      if (!next.startsWith('#')) line += ` ${next}`;
    }
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' '), line: start + 1 };
    if (instruction.keyword === 'FROM') {
      const [base = '', as, name] = rest;
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, line: start + 1, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    } else {
      preamble.push(instruction);
    }
  }
  return { preamble, stages };
}

/** `start` and the earlier stages it is built on, nearest first. */
function lineage(dockerfile: Dockerfile, start: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  let stage = start;
  while (stage && !chain.includes(stage)) {
    chain.push(stage);
    const base = stage.base;
    stage = dockerfile.stages.slice(0, dockerfile.stages.indexOf(stage)).find((s) => s.name === base);
  }
  return chain;
}

/** The stage named `name` and the earlier stages it is built on, nearest first. */
export const ancestry = (dockerfile: Dockerfile, name: string) => lineage(dockerfile, dockerfile.stages.find((s) => s.name === name));

/** `text` with the build arguments in `args` expanded (`$X`, `${X}`); others are left as written. */
const expand = (text: string, args: Record<string, string>) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => args[(braced ?? bare)!] ?? whole);

/**
 * The WORKDIR a container of stage `name` starts in (the base image's `/` when no stage of its line
 * sets one), with the build arguments `args` expanded.
 */
export function workdirOf(dockerfile: Dockerfile, name: string, args: Record<string, string> = {}): string {
  const workdirs = ancestry(dockerfile, name)
    .reverse()
    .flatMap((s) => s.instructions.filter((i) => i.keyword === 'WORKDIR').map((i) => expand(i.args, args)));
  return workdirs.reduce((dir, next) => path.posix.resolve(dir, next), '/');
}

/**
 * Where in an image of stage `name`, built with `args`, the build-context file `relative` was copied
 * (the last COPY of the stage's line that takes it), or undefined when no COPY from the build context
 * takes it.
 */
export function copiedTo(dockerfile: Dockerfile, name: string, relative: string, args: Record<string, string> = {}): string | undefined {
  let workdir = '/';
  let at: string | undefined;
  for (const stage of ancestry(dockerfile, name).reverse()) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, expand(instruction.args, args));
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const { flags, sources, dest } = copyOperands(expand(instruction.args, args));
      if (flags.from !== undefined) continue;
      for (const source of sources.map((s) => path.posix.normalize(s).replace(/\/$/, ''))) {
        if (source === relative) at = dest.endsWith('/') ? path.posix.resolve(workdir, dest, path.posix.basename(source)) : path.posix.resolve(workdir, dest);
        else if (source === '.' || relative.startsWith(`${source}/`)) at = path.posix.resolve(workdir, dest, source === '.' ? relative : relative.slice(source.length + 1));
      }
    }
  }
  return at;
}

/** The ARGs a stage declares, by name (a global ARG must be declared again in a stage to be seen there). */
const argsOf = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'ARG').map((i) => i.args.split('=')[0]!);

/** The ARGs declared anywhere in a Dockerfile, global ones included: the build arguments it reads. */
export const declaredArgs = (dockerfile: Dockerfile) => [...dockerfile.preamble.filter((i) => i.keyword === 'ARG').map((i) => i.args.split('=')[0]!), ...dockerfile.stages.flatMap(argsOf)];

/** The build arguments stage `name` (or one it is built on) reads. */
export const stageArgs = (dockerfile: Dockerfile, name: string) => ancestry(dockerfile, name).flatMap(argsOf);

/** Flags (--from=x) and operands of a COPY. */
function copyOperands(args: string): { flags: Record<string, string>; sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter(Boolean);
  const flags: Record<string, string> = {};
  const operands: string[] = [];
  for (const word of words) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (flag) flags[flag[1]!] = flag[2] ?? 'true';
    else operands.push(word);
  }
  return { flags, sources: operands.slice(0, -1), dest: operands.at(-1) ?? '' };
}

/** The argv of an exec-form CMD (`["node", "x.js"]`); undefined for the shell form. */
function execForm(args: string | undefined): string[] | undefined {
  if (!args) return undefined;
  try {
    const argv: unknown = JSON.parse(args);
    return Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? argv : undefined;
  } catch {
    return undefined;
  }
}

/** The exec-form CMD a container of stage `name` runs: the stage's own last CMD, or that of the stage it is built on. */
export function cmdOf(dockerfile: Dockerfile, name: string): string[] | undefined {
  const stage = ancestry(dockerfile, name).find((s) => s.instructions.some((i) => i.keyword === 'CMD'));
  return execForm(stage?.instructions.filter((i) => i.keyword === 'CMD').at(-1)?.args);
}

/** The workspaces a `npm …` command names with --workspace/-w. */
const workspacesNamed = (args: string) => [...args.matchAll(/(?:--workspace|-w)[= ]("?)(\S+?)\1(?=\s|$)/g)].map((m) => m[2]!);

function toRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A glob as skaffold and .dockerignore read it: `*` within a folder, `**` across folders. */
export const globToRegex = toRegex;

/** Whether .dockerignore keeps `relative` (a path from the repository root) out of the build context. */
export function dockerignored(relative: string, ignoreFile = path.join(repoRoot, '.dockerignore')): boolean {
  const patterns = readFileSync(ignoreFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const parts = relative.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = path.posix.normalize((negated ? raw.slice(1) : raw).replace(/^\//, ''));
    const re = toRegex(pattern);
    if (prefixes.some((p) => re.test(p))) excluded = !negated;
  }
  return excluded;
}

/** The package name of the workspace in folder `dir`, if it has a package.json. */
function workspaceName(dir: string): string | undefined {
  const file = path.join(repoRoot, dir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name : undefined;
}

export interface DockerfileExpectations {
  /** The folders of the Express services: each is the `service` target with SERVICE=<folder>. */
  services: string[];
  /** The folder of the web app, the `web` target. */
  web: string;
  /** The port every Deployment's container listens on. */
  port: number;
}

/** Base images, stage references and the sources each COPY takes from the build context. */
function checkStages(file: string, dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  const nodeImage = dockerfile.preamble.find((i) => i.keyword === 'ARG' && i.args.split('=')[0] === 'NODE_IMAGE');
  if (!nodeImage) problems.push(`${file}: no ARG NODE_IMAGE before the first FROM, so CI cannot choose the base image`);
  else {
    const fallback = nodeImage.args.split('=')[1] ?? '';
    const major = /^node:(\d+)-slim$/.exec(fallback)?.[1];
    if (!major || Number(major) % 2 !== 0) problems.push(`${file}:${nodeImage.line}: NODE_IMAGE defaults to ${fallback || 'nothing'}, not node:<an LTS, even major>-slim`);
  }
  dockerfile.stages.forEach((stage, index) => {
    const label = stage.name ?? String(index);
    const earlier = dockerfile.stages.slice(0, index).map((s) => s.name);
    if (stage.name && earlier.includes(stage.name)) problems.push(`${file}:${stage.line}: stage ${stage.name} is defined twice`);
    if (!earlier.includes(stage.base) && stage.base !== '${NODE_IMAGE}') problems.push(`${file}:${stage.line}: stage ${label} starts from ${stage.base}, neither an earlier stage nor \${NODE_IMAGE}`);
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const { flags, sources } = copyOperands(instruction.args);
      if (flags.from !== undefined) {
        if (!earlier.includes(flags.from)) problems.push(`${file}:${instruction.line}: COPY --from=${flags.from} names no earlier stage`);
        continue;
      }
      for (const source of sources) {
        const relative = path.posix.normalize(source).replace(/\/$/, '');
        if (!existsSync(path.join(repoRoot, relative))) problems.push(`${file}:${instruction.line}: COPY ${source}: no such file in the repository`);
        else if (dockerignored(relative)) problems.push(`${file}:${instruction.line}: COPY ${source}: excluded from the build context by .dockerignore`);
      }
    }
  });
  return problems;
}

/**
 * The one `npm ci` of the file: it installs every workspace an image is built from, each of whose
 * package.json is copied before it (in its stage or one it is built on).
 */
function checkInstall(file: string, dockerfile: Dockerfile, workspaces: string[]): string[] {
  const installs = dockerfile.stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)).map((instruction) => ({ stage, instruction })));
  if (installs.length !== 1) {
    return [`${file}: runs npm ci ${installs.length} times${installs.length ? ` (lines ${installs.map((i) => i.instruction.line).join(', ')})` : ''}; the images share one install`];
  }
  const [{ stage, instruction }] = installs as [(typeof installs)[number]];
  const problems: string[] = [];
  const installed = workspacesNamed(instruction.args);
  for (const workspace of workspaces) {
    if (!installed.includes(workspace)) problems.push(`${file}:${instruction.line}: the shared npm ci does not install ${workspace}`);
  }
  const before = [...lineage(dockerfile, stage).slice(1).flatMap((s) => s.instructions), ...stage.instructions.filter((i) => i.line < instruction.line)];
  const copied = new Set(
    before
      .filter((i) => i.keyword === 'COPY' && copyOperands(i.args).flags.from === undefined)
      .flatMap((i) => copyOperands(i.args).sources)
      .map((source) => path.posix.normalize(source))
      .filter((source) => source.endsWith('package.json'))
      .flatMap((source) => workspaceName(path.posix.dirname(source)) ?? []),
  );
  for (const workspace of installed) {
    if (!copied.has(workspace)) problems.push(`${file}:${instruction.line}: installs workspace ${workspace}, whose package.json is not copied before it`);
  }
  return problems;
}

/** Where a final stage starts, who it runs as, what it listens on and which file node runs. */
function checkRuntime(file: string, dockerfile: Dockerfile, name: string, port: number, entrypoint: string): string[] {
  const stage = dockerfile.stages.find((s) => s.name === name);
  if (!stage) return [`${file}: no stage ${name}`];
  const problems: string[] = [];
  const of = (keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
  if (stage.base !== '${NODE_IMAGE}') problems.push(`${file}:${stage.line}: stage ${name} starts from ${stage.base}; a final stage starts from \${NODE_IMAGE} and takes only what it copies`);
  const user = of('USER').at(-1)?.args ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`${file}: stage ${name} must run as a numeric non-root USER (for runAsNonRoot), not "${user || 'root'}"`);
  if (!of('ENV').some((i) => /\bNODE_ENV=production\b/.test(i.args))) problems.push(`${file}: stage ${name} does not set NODE_ENV=production`);
  const exposed = of('EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((p) => Number(p.split('/')[0]));
  if (!exposed.includes(port)) problems.push(`${file}: stage ${name} exposes ${exposed.join(', ') || 'nothing'}, the Deployment uses ${port}`);
  const cmd = of('CMD').at(-1)?.args;
  const argv = execForm(cmd);
  const runs = argv?.[0] === 'node' && argv[1] ? path.posix.resolve(workdirOf(dockerfile, name), argv[1]) : undefined;
  if (runs !== entrypoint) problems.push(`${file}: stage ${name} must run the exec form CMD ["node", …] of ${entrypoint}, got ${cmd ?? 'no CMD'}${runs ? ` (${runs})` : ''}`);
  return problems;
}

/** The workspaces the `npm run build` commands of a stage and the stages it is built on compile. */
const builtBy = (dockerfile: Dockerfile, name: string) =>
  ancestry(dockerfile, name).flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)).flatMap((i) => workspacesNamed(i.args)));

/**
 * The service target: SERVICE chooses the service, and the image takes everything from the
 * service-files stage, which is built on one that compiles common and every service, and which
 * gathers the migrations the services read at start.
 */
function checkServiceImage(file: string, dockerfile: Dockerfile, services: string[]): string[] {
  const stage = dockerfile.stages.find((s) => s.name === TARGETS.service);
  if (!stage) return [];
  const problems: string[] = [];
  if (!argsOf(stage).includes('SERVICE')) problems.push(`${file}: stage ${TARGETS.service} declares no ARG SERVICE, so nothing chooses the service`);
  for (const copy of stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
    const from = copyOperands(copy.args).flags.from;
    if (from !== SERVICE_FILES_STAGE) problems.push(`${file}:${copy.line}: stage ${TARGETS.service} copies from ${from ?? 'the build context'}; it takes everything from ${SERVICE_FILES_STAGE}`);
  }
  const files = dockerfile.stages.find((s) => s.name === SERVICE_FILES_STAGE);
  if (!files) return [...problems, `${file}: no stage ${SERVICE_FILES_STAGE}`];
  if (!argsOf(files).includes('SERVICE')) problems.push(`${file}: stage ${SERVICE_FILES_STAGE} declares no ARG SERVICE`);
  const built = builtBy(dockerfile, SERVICE_FILES_STAGE);
  for (const workspace of ['common', ...services].map((dir) => workspaceName(dir) ?? dir)) {
    if (!built.includes(workspace)) problems.push(`${file}: stage ${SERVICE_FILES_STAGE} is built on no \`npm run build\` of ${workspace}`);
  }
  const withMigrations = services.filter((s) => existsSync(path.join(repoRoot, s, 'migrations')) && statSync(path.join(repoRoot, s, 'migrations')).isDirectory());
  const copiesMigrations = files.instructions.some((i) => i.keyword === 'RUN' && /\bcp\b[^;&|]*"?\$\{SERVICE\}\/migrations"?/.test(i.args));
  if (withMigrations.length > 0 && !copiesMigrations) {
    problems.push(`${file}: ${withMigrations.join(', ')} read <service>/migrations at start, and stage ${SERVICE_FILES_STAGE} does not copy \${SERVICE}/migrations`);
  }
  return problems;
}

/** The web target: the standalone server, taken from a stage built on `npm run build` of the web app. */
function checkWebImage(file: string, dockerfile: Dockerfile, web: string): string[] {
  const stage = dockerfile.stages.find((s) => s.name === TARGETS.web);
  if (!stage) return [];
  const workspace = workspaceName(web) ?? web;
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .flatMap((copy) => {
      const from = copyOperands(copy.args).flags.from;
      return from && builtBy(dockerfile, from).includes(workspace) ? [] : [`${file}:${copy.line}: stage ${TARGETS.web} copies from ${from ?? 'the build context'}, which does not build ${workspace}`];
    });
}

/**
 * The problems of the root Dockerfile: its base image argument, stage references, sources present
 * in the build context, the one shared install, and the two final stages (`service` and `web`),
 * which run `node` as a non-root user in production mode on the Deployments' port.
 */
export function checkDockerfile(file: string, text: string, expect: DockerfileExpectations): string[] {
  const dockerfile = parseDockerfile(text);
  if (dockerfile.stages.length === 0) return [`${file}: no FROM`];
  const workspaces = ['common', ...expect.services, expect.web].map((dir) => workspaceName(dir) ?? `${dir} (no package.json)`);
  return [
    ...checkStages(file, dockerfile),
    ...checkInstall(file, dockerfile, workspaces),
    ...checkRuntime(file, dockerfile, TARGETS.service, expect.port, `/app/\${SERVICE}/${SERVICE_ENTRYPOINT}`),
    ...checkServiceImage(file, dockerfile, expect.services),
    ...checkRuntime(file, dockerfile, TARGETS.web, expect.port, `/app/${expect.web}/server.js`),
    ...checkWebImage(file, dockerfile, expect.web),
  ];
}
