import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import { asManifests, ofKind } from './manifests';
import { parseYamlStream, secretsScript } from './repo';

/** Secret name → key → decoded value. */
export type SecretData = Map<string, Record<string, string>>;

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs infra/scripts/create-secrets.sh with `args`, and an env file holding `envFile` when given. */
export function runSecretsScript(args: string[], envFile?: string): ScriptRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'ticketing-secrets-'));
  try {
    const file = path.join(dir, 'secrets.env');
    if (envFile !== undefined) writeFileSync(file, envFile);
    const result = spawnSync('bash', [secretsScript, '--env-file', file, ...args], { encoding: 'utf8' });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Secrets the script would create (its --dry-run output), decoded. */
export function secretsFromScript(args: string[], envFile?: string): SecretData {
  const run = runSecretsScript(['--dry-run', ...args], envFile);
  if (run.status !== 0) throw new Error(`create-secrets.sh exited ${run.status}: ${run.stderr}`);
  const secrets = ofKind<ISecret>(asManifests(parseYamlStream(run.stdout, 'create-secrets.sh'), 'create-secrets.sh'), 'Secret');
  return new Map(
    secrets.map((s) => [
      s.metadata.name,
      Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])),
    ]),
  );
}

/** Two credential keys mid-rotation, the new one first: 32 bytes each, as openssl rand -base64 32 gives. */
export const PRODUCTION_CREDENTIAL_KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;

/** A complete env file with values of the right shape (what an operator fills in for production). */
export const PRODUCTION_SECRETS_FILE = [
  `JWT_KEY=${'k'.repeat(48)}`,
  `CREDENTIAL_KEYS=${PRODUCTION_CREDENTIAL_KEYS}`,
  'STRIPE_SECRET_KEY=sk_test_placeholder',
  'STRIPE_WEBHOOK_SECRET=whsec_placeholder',
  'STRIPE_PUBLISHABLE_KEY=pk_test_placeholder',
  'SMTP_URL=smtp://mailer:smtp-password@smtp.example.com:587',
  'AUTH_POSTGRES_PASSWORD=auth-password',
  'TICKETS_POSTGRES_PASSWORD=tickets-password',
  'ORDERS_POSTGRES_PASSWORD=orders-password',
  'PAYMENTS_POSTGRES_PASSWORD=payments-password',
  'NOTIFICATIONS_POSTGRES_PASSWORD=notifications-password',
  'AUTH_NATS_PASSWORD=authNatsPassword0123456789',
  'TICKETS_NATS_PASSWORD=ticketsNatsPassword0123456789',
  'ORDERS_NATS_PASSWORD=ordersNatsPassword0123456789',
  'PAYMENTS_NATS_PASSWORD=paymentsNatsPassword0123456789',
  'EXPIRATION_NATS_PASSWORD=expirationNatsPassword0123456789',
  'NOTIFICATIONS_NATS_PASSWORD=notificationsNatsPassword0123456789',
  'OPERATOR_NATS_PASSWORD=operatorNatsPassword0123456789',
  '',
].join('\n');

/** What `skaffold dev` creates: random JWT key, credential key and passwords, no Stripe keys, no SMTP server. */
export const developmentSecrets = (): SecretData => secretsFromScript(['--generate-missing']);

export const productionSecrets = (): SecretData => secretsFromScript([], PRODUCTION_SECRETS_FILE);
