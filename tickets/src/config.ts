import {
  busEnv,
  currencyEnv,
  databaseEnv,
  env,
  feesEnv,
  listenerEnv,
  loadConfig,
  outboxEnv,
  resalePriceCapEnv,
  serviceEnv,
  sessionEnv,
  type ConfigOf,
  type EnvVar,
} from '@ticketing/common';
import { derivedCredentialKeys, MIN_KEY_BYTES, parseCredentialKeys, type CredentialKeys } from './domain/credential';

/** The stream keeps events, parked ones included, for 7 days (common/src/bus/bus.ts). */
const STREAM_MAX_AGE_HOURS = 7 * 24;

const KEYS_HINT = `kid:base64secret pairs separated by commas, the first signing, each secret at least ${MIN_KEY_BYTES} random bytes, as openssl rand -base64 32 makes`;

/**
 * The keys that sign ticket credentials and derive their TOTP secrets, first signs, all verify, so
 * a new key can be put first while codes signed by the old one still check in. Required in
 * production; elsewhere, unset, a key is derived from JWT_KEY (see derivedCredentialKeys).
 */
const credentialKeysEnv: EnvVar<CredentialKeys> = {
  parse(raw, source) {
    if (raw !== undefined) return parseCredentialKeys(raw);
    if (source.NODE_ENV === 'production') throw new Error(`is required in production (${KEYS_HINT})`);
    if (!source.JWT_KEY) throw new Error(`is required when JWT_KEY is unset, to derive a development key from (${KEYS_HINT})`);
    return derivedCredentialKeys(source.JWT_KEY);
  },
};

const ticketsEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  ...busEnv,
  ...listenerEnv,
  ...outboxEnv,
  ...currencyEnv,
  // A listed price is refused unless its total with the buyer's fee can be charged, and above the cap.
  ...feesEnv,
  ...resalePriceCapEnv,
  /**
   * How long a cancelled order is remembered. Past the stream's age no order.created for it can still
   * arrive, redelivered or replayed from the dead letters, so forgetting it then is safe.
   */
  RELEASED_ORDER_RETENTION_HOURS: env.int({ default: STREAM_MAX_AGE_HOURS + 24, min: STREAM_MAX_AGE_HOURS + 1 }),
  CREDENTIAL_KEYS: credentialKeysEnv,
  /** The doors open this long before the event starts: no ticket checks in earlier. */
  CHECK_IN_OPENS_HOURS_BEFORE: env.int({ default: 6, min: 0 }),
  /** Latecomers are let in until this long after the start. */
  CHECK_IN_CLOSES_HOURS_AFTER: env.int({ default: 6, min: 0 }),
};

export type TicketsConfig = ConfigOf<typeof ticketsEnv>;

export function loadTicketsConfig(source: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(ticketsEnv, source);
}
