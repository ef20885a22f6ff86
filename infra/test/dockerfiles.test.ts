import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkDockerfile, dockerignored, parseDockerfile } from './support/dockerfile';
import { repoRoot } from './support/repo';
import { APP_PORT, APP_SERVICES } from './support/services';

const api = APP_SERVICES.filter((s) => s.name !== 'client').map((s) => s.name);
const read = (service: string) => readFileSync(path.join(repoRoot, service, 'Dockerfile'), 'utf8');

describe('the Dockerfiles', () => {
  it.each(api)('when the %s Dockerfile is read, then it installs only that workspace and common, compiles, and runs node dist/index.js as a non-root user', (service) => {
    expect(checkDockerfile(`${service}/Dockerfile`, read(service), { service, port: APP_PORT, entrypoint: `${service}/dist/index.js`, prodDependencies: true })).toEqual([]);
    const installs = parseDockerfile(read(service))
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'RUN' && /npm ci/.test(i.args))
      .map((i) => [...i.args.matchAll(/--workspace (\S+)/g)].map((m) => m[1]).sort());
    const expected = ['@ticketing/common', `@ticketing/${service}`].sort();
    expect(installs).toEqual([expected, expected]);
  });

  it('when the client Dockerfile is read, then it runs the Next.js standalone server as a non-root user', () => {
    expect(checkDockerfile('client/Dockerfile', read('client'), { service: 'client', port: APP_PORT, entrypoint: 'client/server.js', prodDependencies: false })).toEqual([]);
    const final = parseDockerfile(read('client')).at(-1)!;
    const copies = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual([
      '--from=build /app/client/.next/standalone ./',
      '--from=build /app/client/.next/static client/.next/static',
      '--from=build /app/client/public client/public',
    ]);
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
