import { createHmac } from 'node:crypto';

// What a holder's phone does with a credential, written apart from the service's own code so that
// each checks the other: any RFC 6238 authenticator given the secret computes the same.

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 decoding, as an authenticator reads a secret. */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text) {
    value = (value << 5) | BASE32_ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/**
 * What the holder's phone puts in the QR code at `at`: the credential's token and the TOTP of its
 * secret (RFC 6238 with the credential's period, digits and SHA1), computed the way any
 * authenticator would, from the credential alone.
 */
export function codeShownAt(credential: { token: string; secret: string; period: number; digits: number }, at: Date): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 1000 / credential.period)));
  const hash = createHmac('sha1', base32Decode(credential.secret)).update(counter).digest();
  const offset = hash[19]! & 0x0f;
  const code = (hash.readUInt32BE(offset) & 0x7fffffff) % 10 ** credential.digits;
  return `${credential.token}.${String(code).padStart(credential.digits, '0')}`;
}
