import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { HashingLane, HashingSlots } from './hashing-slots';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's current recommendation for scrypt: 128 MiB and a few hundred milliseconds per derivation. */
export const CURRENT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The most a stored hash may ask for. Stored parameters are only ever ours, but one from a damaged
 * or tampered row must not make a sign-in allocate gigabytes.
 */
const MAX_STORED_COST: ScryptCost = { N: 2 ** 20, r: 32, p: 16 };
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** OpenSSL needs 128·N·r bytes for its table plus 128·r·(p + 2) for its buffers. */
const MAXMEM_MARGIN = 1024 * 1024;

export type DeriveKey = (password: string, salt: Buffer, cost: ScryptCost) => Promise<Buffer>;

export const scryptKey: DeriveKey = (password, salt, cost) =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem: 128 * cost.N * cost.r * cost.p + MAXMEM_MARGIN }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

interface StoredHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

const isPowerOfTwo = (n: number) => n > 1 && Number.isInteger(Math.log2(n));
const within = (n: number, max: number) => Number.isSafeInteger(n) && n >= 1 && n <= max;

/** `scrypt$N$r$p$salt$key`, or null for anything else, including parameters out of bounds. */
function parseHash(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || rest.length > 0) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!isPowerOfTwo(cost.N) || cost.N > MAX_STORED_COST.N || !within(cost.r, MAX_STORED_COST.r) || !within(cost.p, MAX_STORED_COST.p)) {
    return null;
  }
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

export interface PasswordHasherOptions {
  slots: HashingSlots;
  cost?: ScryptCost;
  derive?: DeriveKey;
}

/**
 * scrypt with a random salt per user. The parameters are stored in the hash so they can be raised
 * without invalidating existing passwords: a sign-in with an older hash is told to store a new one.
 * Every derivation waits for a slot of its lane.
 */
export class PasswordHasher {
  readonly slots: HashingSlots;
  private readonly cost: ScryptCost;
  private readonly derive: DeriveKey;
  private decoyHash?: Promise<string>;

  constructor({ slots, cost = CURRENT_SCRYPT_COST, derive = scryptKey }: PasswordHasherOptions) {
    this.slots = slots;
    this.cost = cost;
    this.derive = derive;
  }

  async hash(password: string, lane: HashingLane): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await this.slots.run(lane, () => this.derive(password, salt, this.cost));
    const { N, r, p } = this.cost;
    return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /** Constant-time comparison of the derived key; false for a malformed stored hash, never a throw. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseHash(stored);
    if (!parsed) return false;
    const key = await this.slots.run('signin', () => this.derive(password, parsed.salt, parsed.cost));
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  /** True when the hash was made with other parameters than today's, so it should be replaced. */
  isOutdated(stored: string): boolean {
    const parsed = parseHash(stored);
    return !parsed || parsed.cost.N !== this.cost.N || parsed.cost.r !== this.cost.r || parsed.cost.p !== this.cost.p;
  }

  /**
   * Checks a password against a hash nobody owns, made with today's parameters. Sign-in calls it
   * for an unknown email so that answering costs as much as for a known one, and response times do
   * not reveal who has an account.
   */
  async verifyAgainstDecoy(password: string): Promise<false> {
    this.decoyHash ??= this.hash(randomBytes(16).toString('hex'), 'signin');
    await this.verify(password, await this.decoyHash);
    return false;
  }
}
