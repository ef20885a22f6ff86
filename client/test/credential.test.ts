import { describe, expect, it } from '@jest/globals';
import { codeAt, doorCodeAt, stepProgressAt, type Credential } from '../lib/credential';

/** RFC 6238 Appendix B's SHA-1 secret, the ASCII "12345678901234567890", in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const rfc = (digits: number, period = 30): Credential => ({
  ticketId: 't1',
  eventId: 'e1',
  generation: 1,
  token: 'k1.payload.sig',
  secret: RFC_SECRET,
  period,
  digits,
  algorithm: 'SHA1',
});

describe('the code a holder shows at the door', () => {
  it.each([
    [59, '94287082'],
    [1_111_111_109, '07081804'],
    [1_111_111_111, '14050471'],
    [1_234_567_890, '89005924'],
    [2_000_000_000, '69279037'],
    [20_000_000_000, '65353130'],
  ])('when the time is %i s, then the code is RFC 6238’s %s', (seconds, expected) => {
    expect(codeAt(rfc(8), seconds * 1000)).toBe(expected);
  });

  it('when the credential asks for 6 digits every 15 s, then the code changes at each 15 s boundary and not within a step', () => {
    const credential = rfc(6, 15);
    expect(codeAt(credential, 30_000)).toBe(codeAt(credential, 44_999));
    expect(codeAt(credential, 45_000)).not.toBe(codeAt(credential, 44_999));
    expect(codeAt(credential, 30_000)).toMatch(/^\d{6}$/);
  });

  it('when the QR code is drawn, then it carries the token and the code of that step, after a dot', () => {
    const credential = rfc(6, 15);
    expect(doorCodeAt(credential, 60_000)).toBe(`k1.payload.sig.${codeAt(credential, 60_000)}`);
  });

  it('when a step is under way, then its progress says how much of it has passed', () => {
    expect(stepProgressAt({ period: 15 }, 45_000)).toBe(0);
    expect(stepProgressAt({ period: 15 }, 48_750)).toBe(0.25);
    expect(stepProgressAt({ period: 15 }, 59_999)).toBeCloseTo(0.99993, 4);
  });
});
