import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SupervisedOptions {
  name: string;
  /** Arguments to node: the script, then its own arguments. */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives each line the process writes, stdout and stderr alike. */
  log(line: string): void;
  /** Told about starts, exits and restarts, for the launcher's own output. */
  report(message: string): void;
}

/** Restarts wait 1 s, 2 s, 4 s … up to this; a run that lasted a minute resets the delay. */
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_RUN_MS = 60_000;

/**
 * Runs one service process and restarts it when it dies, with growing delays, so one crash does not
 * take the suite down and a crash loop does not spin. Stopping sends SIGTERM and waits for the
 * service's own graceful shutdown.
 */
export class Supervised {
  private child?: ChildProcess;
  private stopped = false;
  private restarts = 0;
  private exited?: Promise<void>;

  constructor(private readonly options: SupervisedOptions) {}

  start(): void {
    const { name, args, cwd, env, log, report } = this.options;
    const startedAt = Date.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    report(`${name} started (pid ${child.pid})`);
    let partial = { stdout: '', stderr: '' };
    const lines = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = partial[stream] + chunk.toString();
      const parts = text.split('\n');
      partial = { ...partial, [stream]: parts.pop() ?? '' };
      parts.filter(Boolean).forEach(log);
    };
    child.stdout!.on('data', lines('stdout'));
    child.stderr!.on('data', lines('stderr'));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (this.stopped) return;
        if (Date.now() - startedAt > STABLE_RUN_MS) this.restarts = 0;
        const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** this.restarts++);
        report(`${name} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`);
        void sleep(delay).then(() => {
          if (!this.stopped) this.start();
        });
      });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.kill('SIGTERM');
    await this.exited;
    clearTimeout(kill);
  }
}

/** Resolves once `url` answers 200 (a service's /readyz). */
export async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}
