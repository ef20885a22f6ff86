import { setTimeout as sleep } from 'node:timers/promises';
import { runChecks, type RunEvidence, type Violation } from './checks';
import type { Snapshot } from './snapshot';

const POLL_MS = 2000;
const PROGRESS_EVERY_MS = 15_000;

export interface Settled {
  snapshot: Snapshot;
  violations: Violation[];
  /** From the end of the load to the first snapshot that passed every check; unset when none did in time. */
  settledAfterMs?: number;
}

function summary(violations: Violation[]): string {
  const counts = new Map<string, number>();
  for (const violation of violations) counts.set(violation.check, (counts.get(violation.check) ?? 0) + 1);
  return [...counts].map(([check, count]) => `${check}: ${count}`).join('; ');
}

/**
 * Reads the databases and the stream until every check passes and every hold of the run has ended
 * (its expiresAt plus the grace), or until `timeoutMs`; the last snapshot is the verdict.
 */
export async function untilSettled(
  readSnapshot: () => Promise<Snapshot>,
  evidence: RunEvidence,
  loadEndedAt: number,
  timeoutMs: number,
  progress: (message: string) => void,
): Promise<Settled> {
  const lastHoldEnds = Math.max(0, ...evidence.record.placed.map((order) => order.expiresAt).filter(Number.isFinite)) + evidence.expiryGraceMs;
  const deadline = Date.now() + timeoutMs;
  let reportedAt = Date.now();
  for (;;) {
    const snapshot = await readSnapshot();
    const violations = runChecks(snapshot, evidence);
    const now = Date.now();
    if (violations.length === 0 && now >= lastHoldEnds) return { snapshot, violations, settledAfterMs: now - loadEndedAt };
    if (now >= deadline) return { snapshot, violations };
    if (now - reportedAt >= PROGRESS_EVERY_MS) {
      progress(`  not settled yet: ${violations.length === 0 ? 'waiting for the last holds to end' : summary(violations)}`);
      reportedAt = now;
    }
    await sleep(POLL_MS);
  }
}
