import { spawnSync } from 'node:child_process';
import { asManifests, type Manifest } from './manifests';
import { overlayDir, parseYamlStream, withComponentsDir, type OverlayName } from './repo';

export interface Rendered {
  docs: Manifest[];
  /** What kustomize said on stderr (deprecation warnings, for one). */
  warnings: string;
}

const KUBECTL_HINT =
  'The offline checks render the overlays with `kubectl kustomize`, which needs kubectl 1.21 or later ' +
  '(kustomize v4+; these overlays use `resources` directories and targeted `patches`). ' +
  ".ci/run makes sure one is installed; locally, install kubectl from your distribution or Kubernetes' packages.";

export function kubectl(args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`kubectl is not installed (not found on the PATH). ${KUBECTL_HINT}`);
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).stdout.trim();
    throw new Error(`kubectl ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}\n${version}\n${KUBECTL_HINT}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

export function renderDirectory(dir: string): Rendered {
  const { stdout, stderr } = kubectl(['kustomize', dir]);
  return { docs: asManifests(parseYamlStream(stdout, dir), dir), warnings: stderr.trim() };
}

export const renderOverlay = (name: OverlayName): Rendered => renderDirectory(overlayDir(name));

/** The overlay with the monitoring and observability components (infra/test/kustomizations). */
export const renderWithComponents = (name: OverlayName): Rendered => renderDirectory(withComponentsDir(name));
