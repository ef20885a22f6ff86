import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ancestry, checkDockerfile, DOCKERFILE, dockerignored, parseDockerfile, SERVICE_FILES_STAGE, TARGETS } from './support/dockerfile';
import { repoRoot } from './support/repo';
import { APP_PORT, APP_WORKSPACES } from './support/services';

const api = APP_WORKSPACES.filter((workspace) => workspace !== 'client');
const text = readFileSync(path.join(repoRoot, DOCKERFILE), 'utf8');
const dockerfile = parseDockerfile(text);
const stage = (name: string) => dockerfile.stages.find((s) => s.name === name)!;
const copies = (name: string) => stage(name).instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);

describe('the Dockerfile', () => {
  it('when it is read against the repository, then its base, stages, sources, the one shared install and both final stages hold', () => {
    expect(checkDockerfile(DOCKERFILE, text, { services: api, web: 'client', port: APP_PORT })).toEqual([]);
  });

  it('when its base image is chosen, then NODE_IMAGE comes before the first FROM and defaults to an LTS slim image', () => {
    expect(dockerfile.preamble.map((i) => `${i.keyword} ${i.args}`)).toEqual([expect.stringMatching(/^ARG NODE_IMAGE=node:\d*[02468]-slim$/)]);
    const fromImages = dockerfile.stages.filter((s) => !dockerfile.stages.some((earlier) => earlier.name === s.base));
    expect(fromImages.map((s) => [s.name, s.base])).toEqual([
      ['deps', '${NODE_IMAGE}'],
      [TARGETS.web, '${NODE_IMAGE}'],
      [TARGETS.service, '${NODE_IMAGE}'],
    ]);
  });

  it('when the images install their dependencies, then one npm ci, in the stage every build starts from, installs common, every service and the web app', () => {
    const installs = dockerfile.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)).map((i) => ({ stage: s.name, args: i.args })));
    expect(installs.map((i) => i.stage)).toEqual(['deps']);
    const workspaces = [...installs[0]!.args.matchAll(/--workspace (\S+)/g)].map((m) => m[1]).sort();
    expect(workspaces).toEqual(['common', ...APP_WORKSPACES].map((name) => `@ticketing/${name}`).sort());
    // Every image is built on it: the dev stages directly, the final ones through the stage they copy from.
    const startsFrom = (name: string) => [name, ancestry(dockerfile, name).at(-1)?.name];
    for (const built of [TARGETS.serviceDev, TARGETS.webDev, SERVICE_FILES_STAGE, 'web-build']) expect(startsFrom(built)).toEqual([built, 'deps']);
  });

  it('when a service image is built, then SERVICE chooses it and it takes only that service’s files, gathered in one stage', () => {
    const service = stage(TARGETS.service);
    expect(service.instructions.filter((i) => i.keyword !== 'ENV')).toEqual([
      expect.objectContaining({ keyword: 'ARG', args: 'SERVICE' }),
      expect.objectContaining({ keyword: 'COPY', args: `--from=${SERVICE_FILES_STAGE} /image /app` }),
      expect.objectContaining({ keyword: 'WORKDIR', args: '/app/${SERVICE}' }),
      expect.objectContaining({ keyword: 'USER', args: '1000:1000' }),
      expect.objectContaining({ keyword: 'EXPOSE', args: String(APP_PORT) }),
      expect.objectContaining({ keyword: 'CMD', args: '["node", "dist/index.js"]' }),
    ]);
    // npm's own list of the production dependencies of common and SERVICE is what the stage copies.
    const gather = stage(SERVICE_FILES_STAGE).instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    expect(gather).toMatch(/npm ls --omit=dev --all --parseable --workspace @ticketing\/common --workspace "@ticketing\/\$\{SERVICE\}"/);
    // A SERVICE that is not a service workspace stops the build, and so does a failing npm ls.
    expect(gather).toMatch(/scripts\?\.start.* = 'node dist\/index\.js' \] \\?\s*\|\| \{ echo .*exit 1; \}/);
    expect(stage(SERVICE_FILES_STAGE).instructions).toContainEqual(expect.objectContaining({ keyword: 'SHELL', args: '["/bin/bash", "-o", "pipefail", "-c"]' }));
  });

  it('when the web image is built, then it runs the Next.js standalone server as a non-root user, with no npm ci of its own', () => {
    expect(copies(TARGETS.web)).toEqual([
      '--from=web-build /app/client/.next/standalone ./',
      '--from=web-build /app/client/.next/static client/.next/static',
      '--from=web-build /app/client/public client/public',
    ]);
    expect(stage(TARGETS.web).instructions.filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('when the build context is filtered by .dockerignore, then local build output, data, tests and secrets stay out and the sources stay in', () => {
    for (const excluded of ['node_modules/jest', 'auth/node_modules/x', 'auth/dist/index.js', 'client/.next/cache', '.data/auth', 'auth/test/app.test.ts', 'infra/k8s/secrets.env', '.git/HEAD', '.env', 'payments/.env.local']) {
      expect([excluded, dockerignored(excluded)]).toEqual([excluded, true]);
    }
    for (const kept of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'auth/src/index.ts', 'auth/migrations/meta/_journal.json', 'common/src/testing/index.ts', 'client/app/page.tsx']) {
      expect([kept, dockerignored(kept)]).toEqual([kept, false]);
    }
  });
});
