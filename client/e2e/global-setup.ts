import type { FullConfig } from '@playwright/test';
import { startSuite } from '../../suite/src/running-suite';

/**
 * Starts the whole suite the way `npm start` does, on test databases, a NATS stream and a Redis queue
 * of its own, and hands its URL to the tests. E2E_BASE_URL set beforehand points the tests at a suite
 * that is already running instead.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL) return undefined;
  // Every test signs up its own users, all from this one machine: at two screen sizes that is more
  // than auth lets one address create in its throttle window, which exists for strangers, not for us.
  const suite = await startSuite({ SIGNUP_MAX_PER_CLIENT: '500' });
  if (!suite.output.some((line) => line.includes('client ready'))) {
    await suite.stop();
    throw new Error(
      `The suite started without the web app: build it first (npm run build in client/, or at the root).\n${suite.output.slice(-20).join('\n')}`,
    );
  }
  process.env.E2E_BASE_URL = suite.baseUrl;
  return () => suite.stop();
}
