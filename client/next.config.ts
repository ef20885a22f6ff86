import path from 'node:path';
import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_BUILD } from 'next/constants';

/** The monorepo root: dependencies may be hoisted there, and the standalone output must trace them. */
const repositoryRoot = path.join(__dirname, '..');

export default function nextConfig(phase: string): NextConfig {
  return {
    // The build writes .next/standalone for the Docker image. Only the build: `next start`, which
    // `npm start` runs, works from .next itself and warns when it sees this option.
    ...(phase === PHASE_PRODUCTION_BUILD ? { output: 'standalone' as const } : {}),
    outputFileTracingRoot: repositoryRoot,
    turbopack: { root: repositoryRoot },
    poweredByHeader: false,
  };
}
