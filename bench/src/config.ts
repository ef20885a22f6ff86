import { env, loadConfig, type ConfigOf, type EnvVar } from '@ticketing/common';

/**
 * What a run can measure, in the order it measures them:
 * - `startup`: the suite's three start-ups and each process's memory;
 * - `quiet`: event lag and hold precision on the suite with nothing else running;
 * - `read`: the read path, four ways side by side;
 * - `rush`: the purchase race, with event lag and hold precision sampled while it runs.
 */
export const MEASURES = ['startup', 'quiet', 'read', 'rush'] as const;
export type Measure = (typeof MEASURES)[number];

/** A comma list of MEASURES, every one of them when unset. */
function measureList(): EnvVar<ReadonlySet<Measure>> {
  const hint = `a comma list of ${MEASURES.join(', ')}`;
  return {
    parse(raw) {
      if (raw === undefined) return new Set(MEASURES);
      const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
      const unknown = names.filter((name) => !(MEASURES as readonly string[]).includes(name));
      if (unknown.length > 0) throw new Error(`must be ${hint}, got unknown ${unknown.map((name) => `"${name}"`).join(', ')}`);
      if (names.length === 0) throw new Error(`must be ${hint}, got "${raw}"`);
      return new Set(MEASURES.filter((measure) => names.includes(measure)));
    },
  };
}

const benchEnv = {
  /** The measures to run; the report holds only their sections. */
  BENCH_ONLY: measureList(),
  /** Buyers racing for the same few tickets. */
  BENCH_BUYERS: env.int({ default: 100, min: 2, max: 2000 }),
  /** Seats of one event they race for; every buyer tries every one of them. */
  BENCH_TICKETS: env.int({ default: 20, min: 1, max: 500 }),
  /** Tickets issued one by one to time their replication into orders, on the quiet suite. */
  BENCH_LAG_SAMPLES: env.int({ default: 100, min: 1, max: 10_000 }),
  /** Unpaid orders left to expire, on the quiet suite and again during the rush. */
  BENCH_HOLDS: env.int({ default: 40, min: 1, max: 1000 }),
  /** The hold window of every order in the run; winners of the race must pay inside it. */
  BENCH_HOLD_SECONDS: env.int({ default: 10, min: 2, max: 600 }),
  /** Load per read-path run, the same for each of its four ways. */
  BENCH_READ_SECONDS: env.int({ default: 10, min: 1, max: 600 }),
  BENCH_READ_CONNECTIONS: env.int({ default: 10, min: 1, max: 1000 }),
};

export type BenchConfig = ConfigOf<typeof benchEnv>;

export function loadBenchConfig(source: NodeJS.ProcessEnv = process.env): BenchConfig {
  return loadConfig(benchEnv, source);
}
