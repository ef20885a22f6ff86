import { execFile, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The engine's own client from Debian's docker.io: a newer client elsewhere on the PATH may insist on
 * buildx for BuildKit, which Debian's 20.10 engine builds with itself.
 */
export const DOCKER = process.env.DOCKER ?? '/usr/bin/docker';
const DOCKERD = '/usr/sbin/dockerd';
const DOCKERD_LOG = '/var/log/ticketing-dockerd.log';

export async function docker(args: string[]): Promise<string> {
  try {
    const { stdout } = await run(DOCKER, args, { env: { ...process.env, DOCKER_BUILDKIT: '1' }, maxBuffer: 256 * 1024 * 1024 });
    return stdout.trim();
  } catch (err) {
    const { stderr, stdout, message } = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`docker ${args.join(' ')} failed:\n${(stderr || stdout || message).trim().split('\n').slice(-40).join('\n')}`);
  }
}

const engineAnswers = () =>
  run(DOCKER, ['info', '--format', '{{.ServerVersion}}']).then(
    () => true,
    () => false,
  );

/** Debian's packages the run needs, installed where missing (CI runs as root, with apt). */
export async function ensurePackages(packages: Record<string, string>): Promise<string[]> {
  const missing = Object.entries(packages)
    .filter(([, executable]) => !existsSync(executable))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) throw new Error(`npm run test:containers needs ${missing.join(', ')}: apt-get install -y ${missing.join(' ')} (as root)`);
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return missing;
}

/**
 * A Docker engine that answers, started if none does. Containers share the host's network (no
 * bridge, no iptables): this machine's sandbox allows neither, and the servers run on the host.
 */
export async function ensureEngine(): Promise<'running' | 'started'> {
  if (await engineAnswers()) return 'running';
  const log = openSync(DOCKERD_LOG, 'a');
  spawn(DOCKERD, ['--iptables=false', '--ip6tables=false', '--bridge=none'], { detached: true, stdio: ['ignore', log, log] }).unref();
  for (let waited = 0; waited < 60_000; waited += 500) {
    if (await engineAnswers()) return 'started';
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`dockerd did not answer within 60 s; its log is ${DOCKERD_LOG}`);
}

/**
 * The base image where no registry can be reached: Debian bookworm (debootstrap, minbase) with this
 * machine's node and npm, and its CA bundle so npm reaches the registry as the machine does. Kept
 * under a tag naming the node version, so it is built once.
 */
export async function ensureNodeBase(): Promise<{ image: string; built: boolean }> {
  const image = `ticketing-node-base:${process.version}`;
  const exists = await docker(['image', 'inspect', image]).then(
    () => true,
    () => false,
  );
  if (exists) return { image, built: false };
  const dir = mkdtempSync(path.join(tmpdir(), 'ticketing-node-base-'));
  const root = path.join(dir, 'root');
  try {
    await run('debootstrap', ['--variant=minbase', 'bookworm', root, 'http://deb.debian.org/debian'], { maxBuffer: 64 * 1024 * 1024 });
    const node = process.execPath;
    const npm = path.join(path.dirname(path.dirname(node)), 'lib', 'node_modules', 'npm');
    copyFileSync(node, path.join(root, 'usr/local/bin/node'));
    mkdirSync(path.join(root, 'usr/local/lib/node_modules'), { recursive: true });
    cpSync(npm, path.join(root, 'usr/local/lib/node_modules/npm'), { recursive: true });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(root, 'usr/local/bin/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', path.join(root, 'usr/local/bin/npx'));
    mkdirSync(path.join(root, 'etc/ssl/certs'), { recursive: true });
    copyFileSync('/etc/ssl/certs/ca-certificates.crt', path.join(root, 'etc/ssl/certs/ca-certificates.crt'));
    rmSync(path.join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
    const bundle = '/etc/ssl/certs/ca-certificates.crt';
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const imported = spawn(DOCKER, ['import', '-c', 'CMD ["node"]', '-c', `ENV NODE_EXTRA_CA_CERTS=${bundle} NPM_CONFIG_CAFILE=${bundle}`, '-', image], { stdio: ['pipe', 'ignore', 'inherit'] });
      tar.stdout.pipe(imported.stdin);
      imported.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker import of ${image} failed (exit ${code})`))));
      tar.on('error', reject);
    });
    return { image, built: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
