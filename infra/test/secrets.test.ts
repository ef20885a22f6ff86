import { readFileSync } from 'node:fs';
import path from 'node:path';
import { busUsers } from '../../common/src/bus/permissions';
import { dockerignored } from './support/dockerfile';
import { validateManifests } from './support/schema';
import { asManifests } from './support/manifests';
import { NAMESPACE, k8sDir, parseYamlStream } from './support/repo';
import { PRODUCTION_SECRETS_FILE, runSecretsScript, secretsFromScript } from './support/secrets';

const exampleFile = readFileSync(path.join(k8sDir, 'secrets.example.env'), 'utf8');

describe('create-secrets.sh', () => {
  it('when given a filled-in env file, then it makes each Secret with only its own keys', () => {
    const secrets = secretsFromScript([], PRODUCTION_SECRETS_FILE);
    expect(Object.fromEntries(secrets)).toEqual({
      jwt: { JWT_KEY: 'k'.repeat(48) },
      stripe: { STRIPE_SECRET_KEY: 'sk_test_placeholder', STRIPE_WEBHOOK_SECRET: 'whsec_placeholder', STRIPE_PUBLISHABLE_KEY: 'pk_test_placeholder' },
      'auth-postgres': { POSTGRES_PASSWORD: 'auth-password' },
      'tickets-postgres': { POSTGRES_PASSWORD: 'tickets-password' },
      'orders-postgres': { POSTGRES_PASSWORD: 'orders-password' },
      'payments-postgres': { POSTGRES_PASSWORD: 'payments-password' },
      'tickets-nats': { NATS_PASSWORD: 'ticketsNatsPassword0123456789' },
      'orders-nats': { NATS_PASSWORD: 'ordersNatsPassword0123456789' },
      'payments-nats': { NATS_PASSWORD: 'paymentsNatsPassword0123456789' },
      'expiration-nats': { NATS_PASSWORD: 'expirationNatsPassword0123456789' },
      'operator-nats': { NATS_PASSWORD: 'operatorNatsPassword0123456789' },
    });
  });

  it('when asked to generate, then the JWT key and every password are random, of a shape their readers take, and Stripe stays empty', () => {
    const first = secretsFromScript(['--generate-missing']);
    const second = secretsFromScript(['--generate-missing']);
    expect(first.get('jwt')!.JWT_KEY).toMatch(/^[0-9a-f]{48}$/);
    expect(first.get('jwt')!.JWT_KEY).not.toBe(second.get('jwt')!.JWT_KEY);
    for (const service of ['auth', 'tickets', 'orders', 'payments']) expect(first.get(`${service}-postgres`)!.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    // Letters only: nats-server would read a password that starts with a digit as a number.
    for (const user of busUsers) {
      expect(first.get(`${user}-nats`)!.NATS_PASSWORD).toMatch(/^[a-p]{48}$/);
      expect(first.get(`${user}-nats`)!.NATS_PASSWORD).not.toBe(second.get(`${user}-nats`)!.NATS_PASSWORD);
    }
    expect(first.get('stripe')).toEqual({});
  });

  it('when the example file is used as it is, then it is refused for its empty values, naming them', () => {
    const run = runSecretsScript(['--dry-run'], exampleFile);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/JWT_KEY must be at least 32 characters/);
    expect(run.stderr).toMatch(/AUTH_POSTGRES_PASSWORD must be set/);
    expect(run.stderr).toMatch(/OPERATOR_NATS_PASSWORD must be set/);
  });

  it('when the example file is used with --generate-missing, then every key it lists is one the script knows', () => {
    expect(runSecretsScript(['--dry-run', '--generate-missing'], exampleFile).status).toBe(0);
  });

  it.each([
    ['a short JWT key', 'JWT_KEY=short', /JWT_KEY must be at least 32/],
    ['a password that would break the URL', 'AUTH_POSTGRES_PASSWORD=p@ss/word', /AUTH_POSTGRES_PASSWORD must be set, with only/],
    ['a publishable key as the secret key', 'STRIPE_SECRET_KEY=pk_live_x', /STRIPE_SECRET_KEY must start with sk_ or rk_/],
    ['a misspelt key', 'JWT_KYE=x', /unknown key JWT_KYE/],
    ['a NATS password nats-server would read as a number', `PAYMENTS_NATS_PASSWORD=${'1'.repeat(30)}`, /PAYMENTS_NATS_PASSWORD must be set, at least 24 letters and digits starting with a letter/],
  ])('when the env file has %s, then it refuses before creating anything', (_what, line, message) => {
    const run = runSecretsScript(['--dry-run', '--generate-missing'], `${line}\n`);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('when its output is validated with kubernetes-models, then every Secret is valid and in the ticketing namespace', () => {
    const run = runSecretsScript(['--dry-run'], PRODUCTION_SECRETS_FILE);
    const docs = asManifests(parseYamlStream(run.stdout, 'create-secrets.sh'), 'create-secrets.sh');
    expect(docs).toHaveLength(11);
    expect(validateManifests(docs)).toEqual([]);
    expect(docs.every((d) => d.metadata.namespace === NAMESPACE)).toBe(true);
  });

  it('when an operator fills in secrets.env, then neither git nor the image build context takes it', () => {
    const gitignore = readFileSync(path.join(k8sDir, '..', '.gitignore'), 'utf8').split('\n');
    expect(gitignore).toContain('k8s/secrets.env');
    expect(dockerignored('infra/k8s/secrets.env')).toBe(true);
  });

  it('when the namespace manifest is validated, then it is the ticketing namespace and enforces the restricted pod security standard', () => {
    const docs = asManifests(parseYamlStream(readFileSync(path.join(k8sDir, 'namespace.yaml'), 'utf8'), 'namespace.yaml'), 'namespace.yaml');
    expect(validateManifests(docs)).toEqual([]);
    expect(docs[0]!.metadata).toMatchObject({ name: NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
  });
});
