import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkImages } from './support/checks';
import { DOCKERFILE, parseDockerfile, TARGETS, workdirOf } from './support/dockerfile';
import { renderOverlay } from './support/render';
import { repoRoot } from './support/repo';
import { APP_SERVICES, APP_WORKSPACES, imageOf } from './support/services';
import { artifactsFor, checkSkaffold, imagesOf, kustomizePathsFor, loadSkaffold, PRODUCTION_PROFILE, serviceWorkspaces } from './support/skaffold';

const skaffold = loadSkaffold();
const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, DOCKERFILE), 'utf8'));
const api = APP_WORKSPACES.filter((workspace) => workspace !== 'client');

/** What each image is built with: the one Dockerfile, a target, and SERVICE for the Express services. */
const expectedDocker = (image: string, targets: { service: string; web: string }) => {
  const name = image.replace('ticketing/', '');
  return name === 'client' ? { dockerfile: DOCKERFILE, target: targets.web } : { dockerfile: DOCKERFILE, target: targets.service, buildArgs: { SERVICE: name } };
};

describe('skaffold.yaml', () => {
  it('when read against the repository, then every Dockerfile, target, build argument, sync rule, overlay and hook exists', () => {
    expect(checkSkaffold(skaffold)).toEqual([]);
  });

  it('when the service workspaces are listed, then they are the Express services the manifests run', () => {
    expect(serviceWorkspaces().sort()).toEqual([...api].sort());
  });

  it('when `skaffold dev` runs, then it builds one image per service from the root Dockerfile at its dev target, with source sync, and deploys the dev overlay', () => {
    const artifacts = artifactsFor(skaffold);
    expect(imagesOf(artifacts).sort()).toEqual([...new Set(APP_SERVICES.map(imageOf))].sort());
    for (const a of artifacts) {
      expect([a.image, a.context, a.docker]).toEqual([a.image, '.', expectedDocker(a.image, { service: TARGETS.serviceDev, web: TARGETS.webDev })]);
      expect(a.sync?.manual?.length).toBeGreaterThan(0);
    }
    expect(kustomizePathsFor(skaffold)).toEqual(['infra/k8s/overlays/dev']);
  });

  it('when the prod profile is chosen, then it builds the same images at their production stages, with the same build arguments, without sync, and deploys the prod overlay', () => {
    const artifacts = artifactsFor(skaffold, PRODUCTION_PROFILE);
    expect(imagesOf(artifacts).sort()).toEqual(imagesOf(artifactsFor(skaffold)).sort());
    for (const a of artifacts) {
      expect([a.image, a.context, a.docker]).toEqual([a.image, '.', expectedDocker(a.image, { service: TARGETS.service, web: TARGETS.web })]);
      expect(a.sync).toBeUndefined();
    }
    expect(kustomizePathsFor(skaffold, PRODUCTION_PROFILE)).toEqual(['infra/k8s/overlays/prod']);
  });

  it("when a service's sources are synced, then they land where its dev container compiles them (WORKDIR /app, paths kept)", () => {
    expect(workdirOf(dockerfile, TARGETS.serviceDev)).toBe('/app');
    expect(workdirOf(dockerfile, TARGETS.webDev)).toBe('/app');
    for (const a of artifactsFor(skaffold).filter((x) => x.image !== 'ticketing/client')) {
      const service = a.image.replace('ticketing/', '');
      expect(a.sync?.manual).toEqual([
        { src: `${service}/src/**/*.ts`, dest: '.' },
        { src: 'common/src/**/*.ts', dest: '.' },
      ]);
    }
    // The dev stage's command: compilers watching src/ of common and of SERVICE, node watching the output.
    const cmd = dockerfile.stages.find((s) => s.name === TARGETS.serviceDev)!.instructions.filter((i) => i.keyword === 'CMD').at(-1)!.args;
    const [shell, flag, script] = JSON.parse(cmd) as string[];
    expect([shell, flag]).toEqual(['sh', '-c']);
    for (const watched of ['npx tsc -p common/tsconfig.build.json --watch', 'npx tsc -p "$SERVICE/tsconfig.build.json" --watch', 'exec node --watch "$SERVICE/dist/index.js"']) {
      expect([watched, script!.includes(watched)]).toEqual([watched, true]);
    }
  });

  it.each([
    ['dev', undefined],
    ['prod', PRODUCTION_PROFILE],
  ] as const)('when the %s overlay is rendered, then its images and the ones skaffold builds for it are the same set', (overlay, profile) => {
    expect(checkImages(renderOverlay(overlay).docs, imagesOf(artifactsFor(skaffold, profile)))).toEqual([]);
  });
});
