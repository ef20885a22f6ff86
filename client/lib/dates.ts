const utcDateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * Rendered on the server, which does not know the visitor's time zone: times that belong to no place
 * (when an order was placed) are shown in UTC and say so, rather than in whatever zone the server runs in.
 */
export function formatDateTime(date: Date): string {
  return `${utcDateTime.format(date)} UTC`;
}

/** "Berlin" for Europe/Berlin, "New York" for America/New_York: how people name a zone. */
export function zonePlace(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');
}

/**
 * When an event starts, as the people at the venue read their clocks, with the zone named so that
 * nobody in another zone mistakes it for theirs: `Sat, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time)`.
 */
export function formatVenueTime(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(instant);
  return `${text} (${zonePlace(timeZone)} time)`;
}

/** The wall clock of a zone at an instant, as a date field and a time field hold it. */
export interface WallClock {
  /** `2027-03-14` */
  date: string;
  /** `19:30` */
  time: string;
}

function wallClockParts(instant: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const { year, month, day, hour, minute } = wallClockParts(instant, timeZone);
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, time: `${pad(hour)}:${pad(minute)}` };
}

/** How far the zone's clocks are ahead of UTC at the instant, in milliseconds. */
function offsetAt(instantMs: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = wallClockParts(new Date(instantMs), timeZone);
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return asIfUtc - Math.floor(instantMs / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * The instant at which the zone's clocks show the date and time, as an organiser types a start:
 * `19:30 on 2027-03-14 in Europe/Berlin`. Null when the text is no date or time, or when the zone's
 * clocks skip that minute (they go forward for daylight saving). Of the two instants of an hour the
 * clocks repeat, the earlier is taken.
 */
export function instantAtWallClock({ date, time }: WallClock, timeZone: string): Date | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asIfUtc)) return null;
  // Around a change of offset the two candidates differ; the earlier one that shows the wall clock wins.
  const candidates = [...new Set([asIfUtc - offsetAt(asIfUtc - 86_400_000, timeZone), asIfUtc - offsetAt(asIfUtc + 86_400_000, timeZone)])].sort((a, b) => a - b);
  for (const candidate of candidates) {
    const shown = wallClockAt(new Date(candidate), timeZone);
    if (shown.date === date && shown.time === time) return new Date(candidate);
  }
  return null;
}

/** Every zone this runtime knows, for the organiser to choose the venue's from. */
export function knownTimeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** Whether Intl knows the zone, so that times can be computed and shown in it. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
