import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo';

/** The current Node.js LTS, slim (Debian) variant: every stage of every image starts from it. */
export const NODE_IMAGE = 'node:26-slim';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

/** Stages of a Dockerfile with their instructions; line continuations joined, comments dropped. */
export function parseDockerfile(text: string): Stage[] {
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
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

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

function workspaceName(dir: string): string | undefined {
  const file = path.join(repoRoot, dir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name : undefined;
}

export interface DockerfileExpectations {
  /** The folder of the service the image runs. */
  service: string;
  /** The port the Deployment's container listens on. */
  port: number;
  /** The file the final CMD runs with node, relative to /app. */
  entrypoint: string;
  /** Whether the final stage installs production dependencies with `npm ci --omit=dev` (not for Next.js standalone). */
  prodDependencies: boolean;
}

/**
 * The problems of a Dockerfile built from the repository root: base images, stage references,
 * sources present in the build context, the workspaces it installs, and a final stage that runs
 * `node <entrypoint>` as a non-root user in production mode on the Deployment's port.
 */
export function checkDockerfile(file: string, text: string, expect: DockerfileExpectations): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(text);
  const at = (i: Instruction) => `${file}:${i.line}`;
  if (stages.length === 0) return [`${file}: no FROM`];

  stages.forEach((stage, index) => {
    const earlier = stages.slice(0, index).map((s) => s.name);
    if (!earlier.includes(stage.base) && stage.base !== NODE_IMAGE) problems.push(`${file}: stage ${stage.name ?? index} starts from ${stage.base}, not ${NODE_IMAGE}`);
    const copiedPackages = new Set<string>();
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const { flags, sources } = copyOperands(instruction.args);
        if (flags.from !== undefined) {
          if (!earlier.includes(flags.from)) problems.push(`${at(instruction)}: COPY --from=${flags.from} names no earlier stage`);
          continue;
        }
        for (const source of sources) {
          const relative = path.posix.normalize(source).replace(/\/$/, '');
          if (!existsSync(path.join(repoRoot, relative))) problems.push(`${at(instruction)}: COPY ${source}: no such file in the repository`);
          else if (dockerignored(relative)) problems.push(`${at(instruction)}: COPY ${source}: excluded from the build context by .dockerignore`);
          if (relative.endsWith('package.json')) {
            const name = workspaceName(path.posix.dirname(relative));
            if (name) copiedPackages.add(name);
          }
        }
      }
      if (instruction.keyword === 'RUN' && /\bnpm ci\b/.test(instruction.args)) {
        for (const [, name] of instruction.args.matchAll(/--workspace[= ](\S+)/g)) {
          if (!copiedPackages.has(name!)) problems.push(`${at(instruction)}: installs workspace ${name}, whose package.json this stage does not copy`);
        }
      }
    }
  });

  const final = stages.at(-1)!;
  const of = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
  const user = of('USER').at(-1)?.args ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`${file}: the final stage must run as a numeric non-root USER (for runAsNonRoot), not "${user || 'root'}"`);
  if (!of('ENV').some((i) => /\bNODE_ENV=production\b/.test(i.args))) problems.push(`${file}: the final stage does not set NODE_ENV=production`);
  const exposed = of('EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((p) => Number(p.split('/')[0]));
  if (!exposed.includes(expect.port)) problems.push(`${file}: the final stage exposes ${exposed.join(', ') || 'nothing'}, the Deployment uses ${expect.port}`);
  const cmd = of('CMD').at(-1)?.args;
  let argv: unknown;
  try {
    argv = cmd ? JSON.parse(cmd) : undefined;
  } catch {
    argv = undefined;
  }
  if (!Array.isArray(argv) || argv[0] !== 'node' || argv[1] !== expect.entrypoint) {
    problems.push(`${file}: the final CMD must be the exec form ["node", "${expect.entrypoint}"], got ${cmd ?? 'none'}`);
  }

  if (expect.prodDependencies) {
    const producer = final.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => copyOperands(i.args).flags.from)
      .map((name) => stages.find((s) => s.name === name))
      .find((s) => s?.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args)));
    if (!producer) problems.push(`${file}: the final stage takes no node_modules from an \`npm ci --omit=dev\` stage`);
    const migrations = `${expect.service}/migrations`;
    if (existsSync(path.join(repoRoot, migrations)) && statSync(path.join(repoRoot, migrations)).isDirectory()) {
      const copied = final.instructions.some((i) => i.keyword === 'COPY' && copyOperands(i.args).sources.includes(migrations));
      if (!copied) problems.push(`${file}: the service reads ${migrations} at start, and the final stage does not copy it`);
    }
  }
  return problems;
}

/** The names of a Dockerfile's stages (targets). */
export const stageNames = (text: string) => parseDockerfile(text).flatMap((s) => (s.name ? [s.name] : []));
