import { setTimeout as sleep } from 'node:timers/promises';
import { services } from '@ticketing/suite/services';

const POLL_MS = 250;
/** A stopped process accepts connections and never answers: each probe gives up on its own. */
const PROBE_TIMEOUT_MS = 2000;

async function answersReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Resolves when every service of the suite answers its readiness probe on its own port (counted up
 * from the gateway's, as the launcher assigns them), or after `timeoutMs` with those that did not.
 */
export async function untilEveryServiceReady(gatewayUrl: string, timeoutMs: number): Promise<{ notReady: string[] }> {
  const gatewayPort = Number(new URL(gatewayUrl).port);
  const probes = services.map((service) => ({
    name: service.name,
    url: `http://127.0.0.1:${gatewayPort + service.portOffset}${service.readyPath ?? '/readyz'}`,
  }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await Promise.all(probes.map((probe) => answersReady(probe.url)));
    const notReady = probes.filter((_, i) => !ready[i]).map((probe) => probe.name);
    if (notReady.length === 0 || Date.now() >= deadline) return { notReady };
    await sleep(POLL_MS);
  }
}
