/**
 * A moment in time as the API takes it: ISO-8601 date and time with `Z` or an offset, such as
 * `2026-07-01T19:30:00Z` or `2026-07-01T21:30:00+02:00`. A time without a zone names no instant, and
 * a date such as 2026-02-30, which `Date` would quietly roll into March, names no day.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;

/** The instant `value` names, or null for anything else. Precision beyond milliseconds is dropped. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = INSTANT.exec(value);
  if (!match) return null;
  const named = match.slice(1, 7).map((digits) => Number(digits ?? 0));
  const [year, month, day, hour, minute, second] = named as [number, number, number, number, number, number];
  const millisecond = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [sign, offsetHours, offsetMinutes] = [match[8], Number(match[9] ?? 0), Number(match[10] ?? 0)];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const wallClock = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
  const read = [
    wallClock.getUTCFullYear(),
    wallClock.getUTCMonth() + 1,
    wallClock.getUTCDate(),
    wallClock.getUTCHours(),
    wallClock.getUTCMinutes(),
    wallClock.getUTCSeconds(),
  ];
  if (read.some((field, i) => field !== named[i])) return null;
  const offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(wallClock.getTime() - offsetMs);
}
