import { isIPv6 } from 'node:net';

/**
 * Fixed-window counting shared by the sign-in and sign-up throttles. Each attempt is counted before
 * any password work, so a burst of concurrent requests cannot slip past a limit.
 */
export interface AttemptCount {
  attempts: number;
  windowStartedAt: Date;
}

/** Counts whose window started at or before this are over: they start again from one, or are pruned. */
export function windowCutoff(windowSeconds: number, now: Date): Date {
  return new Date(now.getTime() - windowSeconds * 1000);
}

/** Seconds until the key's window ends when it is over its limit, or null when the attempt may go ahead. */
export function secondsUntilAllowed(count: AttemptCount, limit: number, windowSeconds: number, now: Date): number | null {
  if (count.attempts <= limit) return null;
  const windowEnds = count.windowStartedAt.getTime() + windowSeconds * 1000;
  return Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
}

/**
 * The network a client address stands for: an IPv4 address, or the /64 of an IPv6 one, because a
 * single IPv6 subscriber is usually given a whole /64 and could otherwise rotate through billions
 * of addresses, each with a fresh count. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is its IPv4 address.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('%')[0]!.toLowerCase().split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // A trailing dotted IPv4 part fills the last two groups.
  const width = (part: string[]) => part.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const elided = 8 - width(groups(head)) - width(groups(tail));
  const full = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(elided).fill('0'), ...groups(tail)];
  return `${full.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

/** The key for a client; `req.ip`, so only as real as the trusted proxies make it. */
export const clientKey = (clientAddress: string) => `client:${clientNetwork(clientAddress)}`;
