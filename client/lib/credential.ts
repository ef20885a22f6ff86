import { Secret, TOTP } from 'otpauth';

/**
 * What the tickets service gives a ticket's holder to show at the door: a signed token naming the
 * ticket and its issue, and the secret of a time-based code (RFC 6238) for that issue. The code is
 * computed here, in the browser, so it keeps changing at a venue without signal; a screenshot of it
 * is worthless a step later.
 */
export interface Credential {
  ticketId: string;
  eventId: string;
  generation: number;
  token: string;
  /** Base32, RFC 4648. */
  secret: string;
  /** Seconds each code lasts. */
  period: number;
  digits: number;
  algorithm: string;
}

function totpOf(credential: Credential): TOTP {
  return new TOTP({ secret: Secret.fromBase32(credential.secret), period: credential.period, digits: credential.digits, algorithm: credential.algorithm });
}

/** The time-based code of the credential at the instant, as the door checks it. */
export function codeAt(credential: Credential, at: number): string {
  return totpOf(credential).generate({ timestamp: at });
}

/** What the QR code carries at the instant: the token, then the code of that time step. */
export function doorCodeAt(credential: Credential, at: number): string {
  return `${credential.token}.${codeAt(credential, at)}`;
}

/** How far into its step the code is at the instant, from 0 (just changed) to 1 (about to change). */
export function stepProgressAt(credential: Pick<Credential, 'period'>, at: number): number {
  const periodMs = credential.period * 1000;
  return (at % periodMs) / periodMs;
}
