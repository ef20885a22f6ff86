import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

export interface ReadPathResult {
  gateway: LoadResult;
  bare: LoadResult;
  /** Gateway requests per second over the bare server's. */
  ratio: number;
  bodyBytes: number;
  ticketsOnPage: number;
}

const WARM_UP_SECONDS = 2;

async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  await autocannon({ url, connections, duration: WARM_UP_SECONDS });
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} connection errors and ${result.non2xx} non-2xx answers under load`);
  }
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total };
}

async function startBareServer(body: string, contentType: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(__dirname, 'bare-server.js'), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve(Number(message)));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    child.send({ body, contentType });
  });
  return { url: `http://127.0.0.1:${port}/api/tickets`, child };
}

/**
 * GET /api/tickets through the gateway (gateway, tickets service, PostgreSQL), against a bare Node
 * server answering the very same bytes, one after the other with the same load generator settings.
 */
export async function measureReadPath(baseUrl: string, connections: number, seconds: number): Promise<ReadPathResult> {
  const url = `${baseUrl}/api/tickets`;
  const sample = await fetch(url);
  if (sample.status !== 200) throw new Error(`GET /api/tickets answered ${sample.status}`);
  const body = await sample.text();
  const ticketsOnPage = (JSON.parse(body) as { tickets: unknown[] }).tickets.length;

  const bareServer = await startBareServer(body, sample.headers.get('content-type') ?? 'application/json');
  try {
    const bare = await load(bareServer.url, connections, seconds);
    const gateway = await load(url, connections, seconds);
    return { gateway, bare, ratio: gateway.requestsPerSecond / bare.requestsPerSecond, bodyBytes: Buffer.byteLength(body), ticketsOnPage };
  } finally {
    bareServer.child.disconnect();
  }
}
