import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A ticket's credential: what its holder's phone needs to show a code that changes every 15 seconds
 * without the network, and what the door needs to trust that code without asking anyone.
 *
 * The QR code carries `<token>.<code>`:
 * - the token is `<kid>.<payload>.<sig>`: payload is base64url of `{"t": ticketId, "e": eventId,
 *   "g": generation}`, sig base64url of HMAC-SHA256(key[kid], "<kid>.<payload>");
 * - the code is the TOTP (RFC 6238: HMAC-SHA1, a 15 s step, 6 digits) of a secret derived from the
 *   same key, HMAC-SHA256(key[kid], "totp:<ticketId>:<generation>") cut to 20 bytes, so no secret is
 *   stored and every tickets replica derives the same one.
 *
 * The generation goes up each time the ticket changes hands, which gives the new holder a new token
 * and a new secret and makes every code of the previous holder `re-issued`. A screenshot is worth
 * one step either side of the moment it was taken.
 */

/** One key: its id, written into each token it signs, and its secret. */
export interface CredentialKey {
  id: string;
  secret: Buffer;
}

/** Every key accepted, the first of which signs new credentials; the others verify during a rotation. */
export type CredentialKeys = readonly [CredentialKey, ...CredentialKey[]];

/** What a token names: the ticket, its event, and the generation it was issued for. */
export interface CredentialClaims {
  ticketId: string;
  eventId: string;
  generation: number;
}

export const TOTP_PERIOD_SECONDS = 15;
export const TOTP_DIGITS = 6;
/** One step either side: a phone's clock a few seconds off, or a scan as the code turns, still passes. */
const ACCEPTED_STEP_DRIFT = 1;

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** Standard or URL-safe base64, which Node's base64 decoder both reads. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const CODE = new RegExp(`^\\d{${TOTP_DIGITS}}$`);
/** HMAC-SHA256 keys shorter than its output weaken it. */
export const MIN_KEY_BYTES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The keys `kid1:base64secret,kid2:base64secret`, first signs. The error names what is wrong without
 * echoing any secret, since configuration errors reach logs.
 */
export function parseCredentialKeys(text: string): CredentialKeys {
  const keys = text.split(',').map((entry, i): CredentialKey => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (colon < 0 || !KEY_ID.test(id)) throw new Error(`key ${i + 1}: must be kid:base64secret with a kid of 1 to 32 letters, digits, - or _`);
    const secret = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (secret.length < MIN_KEY_BYTES) throw new Error(`key ${id}: the secret must be base64 of at least ${MIN_KEY_BYTES} random bytes (openssl rand -base64 32)`);
    return { id, secret };
  });
  const ids = keys.map((key) => key.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new Error(`key ${repeated} is given twice`);
  return keys as unknown as CredentialKeys;
}

/** The key id of the development key, so a token shows which kind of key signed it. */
const DERIVED_KEY_ID = 'dev';

/**
 * Outside production a key is derived from JWT_KEY, so `npm start`, the tests and every replica
 * agree on one without configuring it; knowing it gives nothing JWT_KEY does not already give.
 */
export function derivedCredentialKeys(jwtKey: string): CredentialKeys {
  return [{ id: DERIVED_KEY_ID, secret: createHmac('sha256', jwtKey).update('ticketing credential key').digest() }];
}

const mac = (key: CredentialKey, text: string) => createHmac('sha256', key.secret).update(text).digest();

/** The ticket's TOTP secret for that generation, derived from the key; never stored. */
export function totpSecret(key: CredentialKey, claims: Pick<CredentialClaims, 'ticketId' | 'generation'>): Buffer {
  return mac(key, `totp:${claims.ticketId}:${claims.generation}`).subarray(0, 20);
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps and TOTP libraries take a secret. */
export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** HOTP (RFC 4226) with HMAC-SHA1: the code of a counter, `digits` long, zero-padded. */
export function hotp(secret: Buffer, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hash = createHmac('sha1', secret).update(message).digest();
  const offset = hash[hash.length - 1]! & 0x0f;
  const binary = hash.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step an instant falls in. */
export function timeStep(at: Date, periodSeconds: number = TOTP_PERIOD_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

function sign(key: CredentialKey, claims: CredentialClaims): string {
  const payload = Buffer.from(JSON.stringify({ t: claims.ticketId, e: claims.eventId, g: claims.generation })).toString('base64url');
  const signed = `${key.id}.${payload}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

/** What GET /api/tickets/:id/credential answers: a token signed with the first key, and the secret to draw codes from. */
export function issueCredential(keys: CredentialKeys, claims: CredentialClaims) {
  const key = keys[0];
  return {
    ticketId: claims.ticketId,
    eventId: claims.eventId,
    generation: claims.generation,
    token: sign(key, claims),
    secret: base32(totpSecret(key, claims)),
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    algorithm: 'SHA1' as const,
  };
}

/** A scanned code whose token carries a valid signature: what it claims, the key that signed it, and the TOTP it showed. */
export interface ScannedCode {
  claims: CredentialClaims;
  key: CredentialKey;
  totp: string;
}

function claimsOf(payload: string): CredentialClaims | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString());
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { t, e, g } = parsed as Record<string, unknown>;
  if (typeof t !== 'string' || !UUID.test(t) || typeof e !== 'string' || !UUID.test(e)) return null;
  if (typeof g !== 'number' || !Number.isSafeInteger(g) || g < 0) return null;
  return { ticketId: t, eventId: e, generation: g };
}

/**
 * Reads `<kid>.<payload>.<sig>.<code>`: null unless a key we hold signed the token and the code is
 * six digits. Whether the claims still hold (the event, the generation) and the code is current is
 * for the caller to check, in that order.
 */
export function readScannedCode(keys: CredentialKeys, scanned: string): ScannedCode | null {
  const parts = scanned.split('.');
  if (parts.length !== 4) return null;
  const [kid, payload, sig, totp] = parts as [string, string, string, string];
  const key = keys.find((candidate) => candidate.id === kid);
  if (!key || !CODE.test(totp)) return null;
  // Compared as text: base64url decoding ignores stray characters and spare bits, so two spellings
  // could decode to the same bytes.
  const expected = Buffer.from(mac(key, `${kid}.${payload}`).toString('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = claimsOf(payload);
  return claims ? { claims, key, totp } : null;
}

/** Whether the scanned TOTP is the one for the step of `at`, or one step either side. */
export function isCurrentCode({ claims, key, totp }: ScannedCode, at: Date): boolean {
  const secret = totpSecret(key, claims);
  const step = timeStep(at);
  let matched = false;
  for (let drift = -ACCEPTED_STEP_DRIFT; drift <= ACCEPTED_STEP_DRIFT; drift++) {
    // Every step is compared, in constant time, so the answer's timing says nothing about which matched.
    matched = timingSafeEqual(Buffer.from(hotp(secret, step + drift)), Buffer.from(totp)) || matched;
  }
  return matched;
}
