import path from 'node:path';
import { readYamlFile, repoRoot } from './support/repo';
import { checkSkaffoldSchema } from './support/skaffold-schema';

const skaffold = readYamlFile(path.join(repoRoot, 'skaffold.yaml'));

/**
 * The object at `pointer` in a copy of skaffold.yaml. The broken copies below edit the file's own
 * structure; when it no longer has that object, the case says so instead of passing on nothing.
 */
function objectAt(doc: unknown, pointer: string): Record<string, unknown> {
  const node = pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((parent, key) => (parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[key] : undefined), doc);
  if (node === null || typeof node !== 'object') throw new Error(`skaffold.yaml has no object at ${pointer}; update this case`);
  return node as Record<string, unknown>;
}

function prodProfile(doc: unknown): string {
  const index = (objectAt(doc, '/profiles') as unknown as { name?: string }[]).findIndex((p) => p.name === 'prod');
  if (index < 0) throw new Error('skaffold.yaml has no prod profile; update this case');
  return `/profiles/${index}`;
}

const misspeltArtifacts = (doc: unknown) => {
  const build = objectAt(doc, '/build');
  build.artifact = build.artifacts;
  delete build.artifacts;
};
const buildkitAsString = (doc: unknown) => {
  const build = objectAt(doc, '/build');
  build.local = { ...(build.local as object | undefined), useBuildkit: 'true' };
};
const misspeltProdDockerfile = (doc: unknown) => {
  const docker = objectAt(doc, `${prodProfile(doc)}/build/artifacts/0/docker`);
  docker.dockerFile = docker.dockerfile;
  delete docker.dockerfile;
};

describe('skaffold.yaml against skaffold’s published schema of its apiVersion', () => {
  it('when skaffold.yaml is read, then it is valid against the schema of its own apiVersion', () => {
    expect(checkSkaffoldSchema(skaffold)).toEqual([]);
  });

  it('when its apiVersion has no schema kept in infra/schemas, then the check refuses and names the versions that are kept', () => {
    const config = { ...objectAt(skaffold, ''), apiVersion: 'skaffold/v4beta99' };
    expect(() => checkSkaffoldSchema(config)).toThrow(/no schema is kept for skaffold\/v4beta99 \(infra\/schemas has .*skaffold-v4beta11\.json/);
  });

  it.each<[string, (doc: unknown) => void, string[]]>([
    ['`artifacts` misspelt as `artifact`', misspeltArtifacts, ['/build/artifact: unknown field']],
    ['`useBuildkit` given as a string', buildkitAsString, ['/build/local/useBuildkit: must be boolean']],
    [
      'an unknown field in a docker artifact',
      (doc) => {
        objectAt(doc, '/build/artifacts/2/docker').buildArg = { SERVICE: 'orders' };
      },
      ['/build/artifacts/2/docker/buildArg: unknown field'],
    ],
    [
      'a build argument that is not a string',
      (doc) => {
        const docker = objectAt(doc, '/build/artifacts/2/docker');
        docker.buildArgs = { ...(docker.buildArgs as object | undefined), NODE_MAJOR: 22 };
      },
      ['/build/artifacts/2/docker/buildArgs/NODE_MAJOR: must be string'],
    ],
    [
      'an artifact without its image',
      (doc) => {
        delete objectAt(doc, '/build/artifacts/0').image;
      },
      ["/build/artifacts/0: must have required property 'image'"],
    ],
    ['`dockerfile` misspelt in the prod profile', misspeltProdDockerfile, [`${prodProfile(skaffold)}/build/artifacts/0/docker/dockerFile: unknown field`]],
    [
      'three mistakes in different places',
      (doc) => {
        misspeltArtifacts(doc);
        buildkitAsString(doc);
        misspeltProdDockerfile(doc);
      },
      ['/build/artifact: unknown field', '/build/local/useBuildkit: must be boolean', `${prodProfile(skaffold)}/build/artifacts/0/docker/dockerFile: unknown field`],
    ],
  ])('when a copy has %s, then the schema rejects it and names the path', (_, breakIt, expected) => {
    const broken = structuredClone(skaffold);
    breakIt(broken);
    expect(checkSkaffoldSchema(broken).sort()).toEqual([...expected].sort());
  });
});
