import jwt from 'jsonwebtoken';
import { signSessionToken, verifySessionToken } from '../src';
import { JWT_KEY } from './helpers';

const user = { id: '3b241101-e2bb-4255-8caf-4136c566a962', email: 'ann@example.test' };

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe('session tokens', () => {
  it('when a token is signed and verified with the same key, then the user comes back with only id and email', () => {
    // Arrange
    const token = signSessionToken(user, JWT_KEY, 60);

    // Act
    const verified = verifySessionToken(token, JWT_KEY);

    // Assert
    expect(verified).toStrictEqual(user);
  });

  it('when a session was signed with the key as a plain string (before keys were cached as KeyObjects), then it still verifies', () => {
    // Arrange
    const token = jwt.sign({ id: user.id, email: user.email }, JWT_KEY, { algorithm: 'HS256', expiresIn: 60 });

    // Act
    const verified = verifySessionToken(token, JWT_KEY);

    // Assert
    expect(verified).toStrictEqual(user);
    expect(jwt.verify(signSessionToken(user, JWT_KEY, 60), JWT_KEY, { algorithms: ['HS256'] })).toMatchObject(user);
  });

  it('when a token is signed, then it is HS256 and expires after the given seconds', () => {
    // Arrange, Act
    const token = signSessionToken(user, JWT_KEY, 120);

    // Assert
    const decoded = jwt.decode(token, { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    const payload = decoded?.payload as jwt.JwtPayload;
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
  });

  it('when the token has expired, then null', () => {
    // Arrange
    const token = jwt.sign({ ...user, exp: nowSeconds() - 60 }, JWT_KEY, { algorithm: 'HS256' });

    // Act
    const verified = verifySessionToken(token, JWT_KEY);

    // Assert
    expect(verified).toBeNull();
  });

  it('when the token is not valid yet, then null', () => {
    // Arrange
    const token = jwt.sign({ ...user, nbf: nowSeconds() + 600 }, JWT_KEY, { algorithm: 'HS256' });

    // Act, Assert
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });

  it('when the token was signed with another key, then null', () => {
    // Arrange
    const token = signSessionToken(user, 'another-key-that-is-also-long-enough!!', 60);

    // Act, Assert
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });

  it('when the payload was tampered with, then null', () => {
    // Arrange
    const [header, payload, signature] = signSessionToken(user, JWT_KEY, 60).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${base64url({ ...claims, id: 'admin' })}.${signature}`;

    // Act
    const verified = verifySessionToken(forged, JWT_KEY);

    // Assert
    expect(verified).toBeNull();
  });

  it('when the token says alg "none" and has no signature, then null', () => {
    // Arrange
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...user, iat: nowSeconds(), exp: nowSeconds() + 600 })}.`;

    // Act
    const verified = verifySessionToken(unsigned, JWT_KEY);

    // Assert
    expect(verified).toBeNull();
  });

  it('when the token is HS512-signed with the right key, then null as only HS256 is accepted', () => {
    // Arrange
    const token = jwt.sign(user, JWT_KEY, { algorithm: 'HS512', expiresIn: 60 });

    // Act, Assert
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });

  it.each([undefined, null, 42, {}, ['a.b.c'], '', 'not-a-jwt', 'a.b.c'])('when the token is %p, then null', (token) => {
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });

  it.each([
    ['no email', { id: user.id }],
    ['no id', { email: 'ann@example.test' }],
    ['a numeric id', { id: 1, email: 'ann@example.test' }],
    ['an email that is not a string', { id: user.id, email: ['ann@example.test'] }],
  ])('when a validly signed payload has %s, then null', (_case, payload) => {
    // Arrange
    const token = jwt.sign(payload, JWT_KEY, { algorithm: 'HS256', expiresIn: 60 });

    // Act, Assert
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });

  it('when a validly signed payload names a user id that is not a UUID, then null', () => {
    // Arrange: only someone holding the key could sign it, but no user of ours has such an id.
    const token = jwt.sign({ id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', email: user.email }, JWT_KEY, { algorithm: 'HS256', expiresIn: 60 });

    // Act, Assert
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });

  it('when a validly signed payload is a plain string, then null', () => {
    // Arrange
    const token = jwt.sign('just a string', JWT_KEY, { algorithm: 'HS256' });

    // Act, Assert
    expect(verifySessionToken(token, JWT_KEY)).toBeNull();
  });
});
