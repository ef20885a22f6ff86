import { randomUUID } from 'node:crypto';
import {
  base32,
  derivedCredentialKeys,
  hotp,
  isCurrentCode,
  issueCredential,
  parseCredentialKeys,
  readScannedCode,
  timeStep,
  totpSecret,
  type CredentialKeys,
} from '../src/domain/credential';
import { base32Decode, codeShownAt } from '@ticketing/common/testing';

const keyOf = (fill: string) => Buffer.alloc(32, fill).toString('base64');
const keys: CredentialKeys = parseCredentialKeys(`k2:${keyOf('b')},k1:${keyOf('a')}`);
const claims = { ticketId: randomUUID(), eventId: randomUUID(), generation: 3 };

describe('RFC 6238 TOTP with HMAC-SHA1', () => {
  // Appendix B of RFC 6238: the SHA1 seed, T0 = 0, X = 30 s, 8 digits.
  const seed = Buffer.from('12345678901234567890');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];

  it.each(vectors)('when the time is %i s, then the 8-digit code is %s, as Appendix B gives it', (seconds, code) => {
    expect(hotp(seed, timeStep(new Date(seconds * 1000), 30), 8)).toBe(code);
  });

  it.each(vectors)('when the time is %i s, then the 6-digit code is the last six digits of %s', (seconds, code) => {
    expect(hotp(seed, timeStep(new Date(seconds * 1000), 30))).toBe(code.slice(2));
  });

  it('when two instants fall in one 15 s step, then they show one code, and the next step another', () => {
    const secret = totpSecret(keys[0], claims);
    // On a step boundary: 19:00:00 is a whole number of 15 s steps since the epoch.
    const start = new Date('2031-06-01T19:00:00Z');

    const [first, late, next] = [0, 14_999, 15_000].map((ms) => hotp(secret, timeStep(new Date(start.getTime() + ms))));

    expect(first).toBe(late);
    expect(next).not.toBe(first);
  });
});

describe('base32', () => {
  // RFC 4648 section 10, without the padding.
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('when %p is encoded, then it is %p', (text, encoded) => {
    expect(base32(Buffer.from(text))).toBe(encoded);
  });
});

describe('credential keys', () => {
  it('when several keys are given, then the first signs and each keeps its id', () => {
    expect(keys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(keys[0].secret).toEqual(Buffer.alloc(32, 'b'));
  });

  it('when a key is given in URL-safe base64, then it reads the same bytes', () => {
    const secret = Buffer.alloc(32, 0xfb);

    expect(parseCredentialKeys(`k:${secret.toString('base64url')}`)[0].secret).toEqual(secret);
  });

  it.each([
    ['no kid', keyOf('a'), /key 1: must be kid:base64secret/],
    ['a kid with a dot, which a token could not carry', `k.1:${keyOf('a')}`, /key 1: must be kid:base64secret/],
    ['a short secret', `k1:${Buffer.alloc(16).toString('base64')}`, /key k1: the secret must be base64 of at least 32 random bytes/],
    ['a secret that is not base64', `k1:${'*'.repeat(44)}`, /key k1: the secret must be base64/],
    ['an empty entry', `k1:${keyOf('a')},`, /key 2: must be kid:base64secret/],
    ['one kid twice', `k1:${keyOf('a')},k1:${keyOf('b')}`, /key k1 is given twice/],
  ])('when given %s, then it is refused with a message that names no secret', (_case, text, message) => {
    const error = (() => {
      try {
        parseCredentialKeys(text);
      } catch (err) {
        return err as Error;
      }
      throw new Error('expected a refusal');
    })();

    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(keyOf('a'));
  });

  it('when a development key is derived from one session key, then it is the same each time, and another session key gives another', () => {
    const [first] = derivedCredentialKeys('j'.repeat(32));

    expect(derivedCredentialKeys('j'.repeat(32))[0]).toEqual(first);
    expect(derivedCredentialKeys('k'.repeat(32))[0].secret).not.toEqual(first.secret);
    expect(first.id).toBe('dev');
  });
});

describe('issuing and reading a credential', () => {
  const credential = issueCredential(keys, claims);
  const at = new Date('2031-06-01T19:00:07Z');

  it('when issued, then the token names its key, the ticket, its event and generation, and the secret is 20 bytes of base32', () => {
    const [kid, payload, sig, ...rest] = credential.token.split('.');

    expect(rest).toEqual([]);
    expect(kid).toBe('k2');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ t: claims.ticketId, e: claims.eventId, g: 3 });
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(credential.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(credential.secret)).toHaveLength(20);
    expect(credential).toMatchObject({ ...claims, period: 15, digits: 6, algorithm: 'SHA1' });
  });

  it('when the code an authenticator computes from the secret is read, then its claims come back and it is current', () => {
    const scanned = readScannedCode(keys, codeShownAt(credential, at));

    expect(scanned?.claims).toEqual(claims);
    expect(isCurrentCode(scanned!, at)).toBe(true);
  });

  it('when the code is judged one step either side, then it is current; two steps away, it is not', () => {
    const scanned = readScannedCode(keys, codeShownAt(credential, at))!;
    const judgedAt = (steps: number) => isCurrentCode(scanned, new Date(at.getTime() + steps * 15_000));

    expect([-2, -1, 0, 1, 2].map(judgedAt)).toEqual([false, true, true, true, false]);
  });

  it('when signed by a key that is no longer first, then it is still read: a rotation keeps the codes phones have', () => {
    const old = issueCredential(parseCredentialKeys(`k1:${keyOf('a')}`), claims);

    expect(readScannedCode(keys, codeShownAt(old, at))?.claims).toEqual(claims);
  });

  it('when its key has been retired, then it is not read', () => {
    expect(readScannedCode(parseCredentialKeys(`k3:${keyOf('c')}`), codeShownAt(credential, at))).toBeNull();
  });

  const tampered: [string, (code: string) => string][] = [
    ['another generation in the payload', (code) => {
      const [kid, , sig, totp] = code.split('.');
      const payload = Buffer.from(JSON.stringify({ t: claims.ticketId, e: claims.eventId, g: 4 })).toString('base64url');
      return [kid, payload, sig, totp].join('.');
    }],
    ['a changed character of the signature', (code) => {
      const [kid, payload, sig, totp] = code.split('.');
      return [kid, payload, `${sig!.slice(0, 10)}${sig![10] === 'A' ? 'B' : 'A'}${sig!.slice(11)}`, totp].join('.');
    }],
    ['another key id', (code) => code.replace(/^k2\./, 'k1.')],
    ['no code after the token', (code) => code.split('.').slice(0, 3).join('.')],
    ['a code of five digits', (code) => code.slice(0, -1)],
    ['text that is no code', () => 'hello'],
  ];
  it.each(tampered)('when it carries %s, then it is not read', (_case, tamper) => {
    expect(readScannedCode(keys, tamper(codeShownAt(credential, at)))).toBeNull();
  });

  it('when a token is forged with a key we do not hold, under our key id, then it is not read', () => {
    const forged = issueCredential(parseCredentialKeys(`k2:${keyOf('z')}`), claims);

    expect(readScannedCode(keys, codeShownAt(forged, at))).toBeNull();
  });
});
