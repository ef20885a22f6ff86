import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatVenueTime, instantAtWallClock, isKnownTimeZone, wallClockAt, zonePlace } from '../lib/dates';

describe('times at a venue', () => {
  it('when an event is shown, then its start reads as the venue’s clocks show it, with the zone named', () => {
    const start = new Date('2027-03-14T18:30:00Z');
    expect(formatVenueTime(start, 'Europe/Berlin')).toBe('Sun, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time)');
    expect(formatVenueTime(start, 'America/New_York')).toBe('Sun, Mar 14, 2027, 2:30 PM EDT (New York time)');
    expect(formatVenueTime(start, 'Asia/Tokyo')).toBe('Mon, Mar 15, 2027, 3:30 AM GMT+9 (Tokyo time)');
  });

  it('when a zone is named, then it is by its place, spaced as people write it', () => {
    expect(zonePlace('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(zonePlace('UTC')).toBe('UTC');
  });

  it('when an organiser types a start in the venue’s zone, then it becomes the instant those clocks show it', () => {
    expect(instantAtWallClock({ date: '2027-03-14', time: '19:30' }, 'Europe/Berlin')).toEqual(new Date('2027-03-14T18:30:00Z'));
    expect(instantAtWallClock({ date: '2027-07-01', time: '19:30' }, 'Europe/London')).toEqual(new Date('2027-07-01T18:30:00Z'));
    expect(instantAtWallClock({ date: '2027-01-10', time: '20:00' }, 'Australia/Sydney')).toEqual(new Date('2027-01-10T09:00:00Z'));
    expect(instantAtWallClock({ date: '2027-01-10', time: '00:00' }, 'UTC')).toEqual(new Date('2027-01-10T00:00:00Z'));
  });

  it('when the start falls on a day the clocks change, then each side of the change gets its own offset', () => {
    // London's clocks go forward at 01:00 UTC on 28 March 2027.
    expect(instantAtWallClock({ date: '2027-03-28', time: '00:30' }, 'Europe/London')).toEqual(new Date('2027-03-28T00:30:00Z'));
    expect(instantAtWallClock({ date: '2027-03-28', time: '02:00' }, 'Europe/London')).toEqual(new Date('2027-03-28T01:00:00Z'));
  });

  it('when the clocks skip the minute typed, then there is no such start', () => {
    expect(instantAtWallClock({ date: '2027-03-28', time: '01:30' }, 'Europe/London')).toBeNull();
    expect(instantAtWallClock({ date: '2027-03-14', time: '02:15' }, 'America/New_York')).toBeNull();
  });

  it('when the clocks repeat the hour typed, then the earlier of its two instants is taken', () => {
    // London's clocks go back at 01:00 UTC on 31 October 2027, so 01:30 happens at 00:30 and 01:30 UTC.
    expect(instantAtWallClock({ date: '2027-10-31', time: '01:30' }, 'Europe/London')).toEqual(new Date('2027-10-31T00:30:00Z'));
  });

  it('when the date or time is not one, then there is no start', () => {
    for (const [date, time] of [['', '19:30'], ['2027-03-14', ''], ['14/03/2027', '19:30'], ['2027-02-30', '19:30'], ['2027-03-14', '25:00'], ['2027-03-14', '7pm']]) {
      expect(instantAtWallClock({ date: date!, time: time! }, 'Europe/Berlin')).toBeNull();
    }
  });

  it('when an event is edited, then its start is shown back as the venue’s date and time, and converts back unchanged', () => {
    const start = new Date('2027-11-05T01:15:00Z');
    const wallClock = wallClockAt(start, 'America/Los_Angeles');
    expect(wallClock).toEqual({ date: '2027-11-04', time: '18:15' });
    expect(instantAtWallClock(wallClock, 'America/Los_Angeles')).toEqual(start);
  });

  it('when a zone is unknown, then it is said so rather than thrown', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });

  it('when a time belongs to no place, then it is shown in UTC and says so', () => {
    expect(formatDateTime(new Date('2026-01-02T03:04:05Z'))).toBe('Jan 2, 2026, 3:04 AM UTC');
  });
});
