import { readFileSync } from 'node:fs';
import path from 'node:path';
import { busUsers } from '../../common/src/bus/permissions';
import { parseCredentialKeys } from '../../tickets/src/domain/credential';
import { dockerignored } from './support/dockerfile';
import { validateManifests } from './support/schema';
import { asManifests } from './support/manifests';
import { NAMESPACE, k8sDir, parseYamlStream } from './support/repo';
import { PRODUCTION_CREDENTIAL_KEYS, PRODUCTION_SECRETS_FILE, runSecretsScript, secretsFromScript } from './support/secrets';

const exampleFile = readFileSync(path.join(k8sDir, 'secrets.example.env'), 'utf8');

/** Base64 of `bytes` bytes of `fill`: a secret of that length, which is all the checks look at. */
const base64Of = (bytes: number, fill = 7) => Buffer.alloc(bytes, fill).toString('base64');

describe('create-secrets.sh', () => {
  it('when given a filled-in env file, then it makes each Secret with only its own keys', () => {
    const secrets = secretsFromScript([], PRODUCTION_SECRETS_FILE);
    expect(Object.fromEntries(secrets)).toEqual({
      jwt: { JWT_KEY: 'k'.repeat(48) },
      'tickets-credentials': { CREDENTIAL_KEYS: PRODUCTION_CREDENTIAL_KEYS },
      stripe: { STRIPE_SECRET_KEY: 'sk_test_placeholder', STRIPE_WEBHOOK_SECRET: 'whsec_placeholder', STRIPE_PUBLISHABLE_KEY: 'pk_test_placeholder' },
      'notifications-smtp': { SMTP_URL: 'smtp://mailer:smtp-password@smtp.example.com:587' },
      'auth-postgres': { POSTGRES_PASSWORD: 'auth-password' },
      'tickets-postgres': { POSTGRES_PASSWORD: 'tickets-password' },
      'orders-postgres': { POSTGRES_PASSWORD: 'orders-password' },
      'payments-postgres': { POSTGRES_PASSWORD: 'payments-password' },
      'notifications-postgres': { POSTGRES_PASSWORD: 'notifications-password' },
      'auth-nats': { NATS_PASSWORD: 'authNatsPassword0123456789' },
      'tickets-nats': { NATS_PASSWORD: 'ticketsNatsPassword0123456789' },
      'orders-nats': { NATS_PASSWORD: 'ordersNatsPassword0123456789' },
      'payments-nats': { NATS_PASSWORD: 'paymentsNatsPassword0123456789' },
      'expiration-nats': { NATS_PASSWORD: 'expirationNatsPassword0123456789' },
      'notifications-nats': { NATS_PASSWORD: 'notificationsNatsPassword0123456789' },
      'operator-nats': { NATS_PASSWORD: 'operatorNatsPassword0123456789' },
    });
  });

  it('when asked to generate, then the JWT key, the credential key and every password are random, of a shape their readers take, and Stripe and SMTP stay empty', () => {
    const first = secretsFromScript(['--generate-missing']);
    const second = secretsFromScript(['--generate-missing']);
    expect(first.get('jwt')!.JWT_KEY).toMatch(/^[0-9a-f]{48}$/);
    expect(first.get('jwt')!.JWT_KEY).not.toBe(second.get('jwt')!.JWT_KEY);
    // One key, k1, of 32 random bytes: what tickets reads, and a kid a rotation can follow with k2.
    const credentialKeys = first.get('tickets-credentials')!.CREDENTIAL_KEYS!;
    expect(credentialKeys).toMatch(/^k1:[A-Za-z0-9+/]{43}=$/);
    expect(parseCredentialKeys(credentialKeys).map((key) => [key.id, key.secret.length])).toEqual([['k1', 32]]);
    expect(credentialKeys).not.toBe(second.get('tickets-credentials')!.CREDENTIAL_KEYS);
    for (const service of ['auth', 'tickets', 'orders', 'payments', 'notifications']) expect(first.get(`${service}-postgres`)!.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    // Letters only: nats-server would read a password that starts with a digit as a number.
    for (const user of busUsers) {
      expect(first.get(`${user}-nats`)!.NATS_PASSWORD).toMatch(/^[a-p]{48}$/);
      expect(first.get(`${user}-nats`)!.NATS_PASSWORD).not.toBe(second.get(`${user}-nats`)!.NATS_PASSWORD);
    }
    expect(first.get('stripe')).toEqual({});
    expect(first.get('notifications-smtp')).toEqual({});
  });

  it('when the example file is used as it is, then it is refused for its empty values, naming them', () => {
    const run = runSecretsScript(['--dry-run'], exampleFile);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/JWT_KEY must be at least 32 characters/);
    expect(run.stderr).toMatch(/CREDENTIAL_KEYS must be set/);
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
    ['an SMTP server without its scheme', 'SMTP_URL=smtp.example.com:587', /SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
    ['a misspelt key', 'JWT_KYE=x', /unknown key JWT_KYE/],
    ['a NATS password nats-server would read as a number', `PAYMENTS_NATS_PASSWORD=${'1'.repeat(30)}`, /PAYMENTS_NATS_PASSWORD must be set, at least 24 letters and digits starting with a letter/],
    ['a credential key of 31 bytes', `CREDENTIAL_KEYS=k1:${base64Of(31)}`, /CREDENTIAL_KEYS key k1: the secret must be base64 of at least 32 random bytes/],
    ['a credential key without its kid', `CREDENTIAL_KEYS=${base64Of(32)}`, /CREDENTIAL_KEYS key 1 must be kid:base64secret/],
    ['two credential keys of one kid', `CREDENTIAL_KEYS=k1:${base64Of(32, 1)},k1:${base64Of(32, 2)}`, /CREDENTIAL_KEYS key k1 is given twice/],
  ])('when the env file has %s, then it refuses before creating anything', (_what, line, message) => {
    const run = runSecretsScript(['--dry-run', '--generate-missing'], `${line}\n`);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  // The script checks CREDENTIAL_KEYS as tickets' own parser reads it at start, so no pod is refused a
  // value the script let through, and no value tickets takes is refused.
  it.each([
    ['one key', 'accept', `k1:${base64Of(32)}`],
    ['two keys, the new one first', 'accept', `k2:${base64Of(32, 2)},k1:${base64Of(32, 1)}`],
    ['spaced around its parts', 'accept', ` k2 : ${base64Of(32, 2)} , k1:${base64Of(48, 1)} `],
    ['URL-safe base64 without padding', 'accept', `k1:${Buffer.alloc(32, 0xfb).toString('base64url')}`],
    ['a key with a kid of 32 characters', 'accept', `${'a'.repeat(32)}:${base64Of(32)}`],
    ['a key of 43 base64 characters without padding (32 bytes)', 'accept', `k1:${base64Of(32).slice(0, 43)}`],
    ['a key of 42 base64 characters without padding (31 bytes)', 'refuse', `k1:${base64Of(32).slice(0, 42)}`],
    ['a key of 31 bytes', 'refuse', `k1:${base64Of(31)}`],
    ['a key with a kid of 33 characters', 'refuse', `${'a'.repeat(33)}:${base64Of(32)}`],
    ['a key with a dot in its kid', 'refuse', `k.1:${base64Of(32)}`],
    ['a key with a character outside base64', 'refuse', `k1:*${base64Of(32).slice(1)}`],
    ['one key and a trailing comma', 'refuse', `k1:${base64Of(32)},`],
    ['two keys of one kid', 'refuse', `k1:${base64Of(32, 1)},k1:${base64Of(32, 2)}`],
  ])('when CREDENTIAL_KEYS is %s, then the script and the tickets service both %s it', (_what, answer, keys) => {
    const accepted = answer === 'accept';
    const serviceAccepts = (() => {
      try {
        parseCredentialKeys(keys);
        return true;
      } catch {
        return false;
      }
    })();
    const run = runSecretsScript(['--dry-run', '--generate-missing'], `CREDENTIAL_KEYS=${keys}\n`);
    expect(serviceAccepts).toBe(accepted);
    expect(run.status === 0).toBe(accepted);
    if (!accepted) expect(run.stderr).toMatch(/^create-secrets: CREDENTIAL_KEYS /m);
  });

  it('when its output is validated with kubernetes-models, then every Secret is valid and in the ticketing namespace', () => {
    const run = runSecretsScript(['--dry-run'], PRODUCTION_SECRETS_FILE);
    const docs = asManifests(parseYamlStream(run.stdout, 'create-secrets.sh'), 'create-secrets.sh');
    expect(docs).toHaveLength(16);
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
