import { describe, expect, it } from '@jest/globals';
import { safeReturnPath, signInPath } from '../lib/return-path';

describe('the return path after signing in', () => {
  it('when it is a path on this site, then it is kept with its query', () => {
    expect(safeReturnPath('/orders')).toBe('/orders');
    expect(safeReturnPath('/?q=stadium&cursor=abc')).toBe('/?q=stadium&cursor=abc');
    expect(safeReturnPath(['/tickets/mine', '/orders'])).toBe('/tickets/mine');
  });

  it('when it would lead to another site or is not a path, then the home page is used instead', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/orders\n', '', undefined, 42]) {
      expect(safeReturnPath(bad)).toBe('/');
    }
  });

  it('when a page sends a visitor to sign in, then its path travels encoded', () => {
    expect(signInPath('/orders/1?x=1&y=2')).toBe('/auth/signin?next=%2Forders%2F1%3Fx%3D1%26y%3D2');
  });
});
