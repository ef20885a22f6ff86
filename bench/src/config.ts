import { env, loadConfig, type ConfigOf } from '@ticketing/common';

const benchEnv = {
  /** Buyers racing for the same few tickets. */
  BENCH_BUYERS: env.int({ default: 100, min: 2, max: 2000 }),
  /** Seats of one event they race for; every buyer tries every one of them. */
  BENCH_TICKETS: env.int({ default: 20, min: 1, max: 500 }),
  /** Tickets issued one by one to time their replication into orders. */
  BENCH_LAG_SAMPLES: env.int({ default: 100, min: 1, max: 10_000 }),
  /** Unpaid orders left to expire. */
  BENCH_HOLDS: env.int({ default: 40, min: 1, max: 1000 }),
  /** The hold window of every order in the run; winners of the race must pay inside it. */
  BENCH_HOLD_SECONDS: env.int({ default: 10, min: 2, max: 600 }),
  /** Load per read-path run, for the gateway and the bare server alike. */
  BENCH_READ_SECONDS: env.int({ default: 10, min: 1, max: 600 }),
  BENCH_READ_CONNECTIONS: env.int({ default: 10, min: 1, max: 1000 }),
};

export type BenchConfig = ConfigOf<typeof benchEnv>;

export function loadBenchConfig(source: NodeJS.ProcessEnv = process.env): BenchConfig {
  return loadConfig(benchEnv, source);
}
