import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkImages } from './support/checks';
import { stageNames } from './support/dockerfile';
import { renderOverlay } from './support/render';
import { repoRoot } from './support/repo';
import { APP_SERVICES } from './support/services';
import { artifactsFor, checkSkaffold, imagesOf, kustomizePathsFor, loadSkaffold } from './support/skaffold';

const skaffold = loadSkaffold();

describe('skaffold.yaml', () => {
  it('when read against the v4beta schema and the repository, then every field, path, Dockerfile, target and sync rule exists', () => {
    expect(checkSkaffold(skaffold)).toEqual([]);
  });

  it('when `skaffold dev` runs, then it builds one image per service at its dev target, with source sync, and deploys the dev overlay', () => {
    const artifacts = artifactsFor(skaffold);
    expect(imagesOf(artifacts).sort()).toEqual(APP_SERVICES.map((s) => `ticketing/${s.name}`).sort());
    for (const a of artifacts) {
      expect(a).toMatchObject({ context: '.', docker: { dockerfile: `${a.image.replace('ticketing/', '')}/Dockerfile`, target: 'dev' } });
      expect(a.sync?.manual?.length).toBeGreaterThan(0);
    }
    expect(kustomizePathsFor(skaffold)).toEqual(['infra/k8s/overlays/dev']);
  });

  it('when the prod profile is chosen, then it builds the same images at their production stage, without sync, and deploys the prod overlay', () => {
    const artifacts = artifactsFor(skaffold, 'prod');
    expect(imagesOf(artifacts).sort()).toEqual(imagesOf(artifactsFor(skaffold)).sort());
    for (const a of artifacts) {
      expect(a.docker?.target).toBeUndefined();
      expect(a.sync).toBeUndefined();
      // The stage built without a target is the Dockerfile's last, the one that runs `node`.
      const stages = stageNames(readFileSync(path.join(repoRoot, a.docker!.dockerfile!), 'utf8'));
      expect(stages).toContain('dev');
    }
    expect(kustomizePathsFor(skaffold, 'prod')).toEqual(['infra/k8s/overlays/prod']);
  });

  it("when a service's sources are synced, then they land where its dev container compiles them (WORKDIR /app, paths kept)", () => {
    for (const a of artifactsFor(skaffold).filter((x) => x.image !== 'ticketing/client')) {
      const service = a.image.replace('ticketing/', '');
      expect(a.sync?.manual).toEqual([
        { src: `${service}/src/**/*.ts`, dest: '.' },
        { src: 'common/src/**/*.ts', dest: '.' },
      ]);
      expect(readFileSync(path.join(repoRoot, service, 'Dockerfile'), 'utf8')).toContain(`npx tsc -p ${service}/tsconfig.build.json --watch`);
    }
  });

  it.each([
    ['dev', undefined],
    ['prod', 'prod'],
  ] as const)('when the %s overlay is rendered, then its images and the ones skaffold builds for it are the same set', (overlay, profile) => {
    expect(checkImages(renderOverlay(overlay).docs, imagesOf(artifactsFor(skaffold, profile)))).toEqual([]);
  });
});
