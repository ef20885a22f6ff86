import { describe, expect, it } from '@jest/globals';
import { eventSearchHref, hasFilters, onVenueDays, readEventFilters, startBounds } from '../lib/event-search';

const none = { q: '', city: '', category: '' as const, from: '', to: '' };

describe('the home page’s event search', () => {
  it('when the URL holds filters, then they are read trimmed, and an empty one counts as unused', () => {
    expect(readEventFilters({ q: ' jazz ', city: 'Berlin', category: 'concert', from: '2027-03-01', to: '' })).toEqual({
      q: 'jazz',
      city: 'Berlin',
      category: 'concert',
      from: '2027-03-01',
      to: '',
    });
    expect(readEventFilters({})).toEqual(none);
    expect(readEventFilters({ q: ['first', 'second'] })?.q).toBe('first');
  });

  it('when a filter is not what the form sends, then the search cannot be read', () => {
    expect(readEventFilters({ category: 'opera' })).toBeNull();
    expect(readEventFilters({ from: '01/03/2027' })).toBeNull();
    expect(readEventFilters({ to: '2027-13-01' })).toBeNull();
  });

  it('when days are chosen, then the bounds hold every event on those days at any venue on Earth', () => {
    const { from, to } = startBounds({ from: '2027-03-14', to: '2027-03-14' });
    // Kiribati's 14 March begins at 10:00 UTC on the 13th; Baker Island's ends at 11:59:59.999 UTC on the 15th.
    expect(from).toEqual(new Date('2027-03-13T10:00:00.000Z'));
    expect(to).toEqual(new Date('2027-03-15T11:59:59.999Z'));
    expect(startBounds({ from: '', to: '' })).toEqual({ from: undefined, to: undefined });
  });

  it('when an event in the bounds falls on another day at its venue, then it is left out', () => {
    const days = { from: '2027-03-14', to: '2027-03-14' };
    // 19:30 in Los Angeles on the 14th is 02:30 UTC on the 15th: still the 14th there.
    expect(onVenueDays({ startsAt: new Date('2027-03-15T02:30:00Z'), timeZone: 'America/Los_Angeles' }, days)).toBe(true);
    // 19:30 in Tokyo on the 15th is 10:30 UTC on the 15th, inside the bounds, but the 15th there.
    expect(onVenueDays({ startsAt: new Date('2027-03-15T10:30:00Z'), timeZone: 'Asia/Tokyo' }, days)).toBe(false);
    expect(onVenueDays({ startsAt: new Date('2027-03-13T23:30:00Z'), timeZone: 'Europe/London' }, days)).toBe(false);
    expect(onVenueDays({ startsAt: new Date('2027-03-13T23:30:00Z'), timeZone: 'Europe/London' }, { from: '', to: '' })).toBe(true);
  });

  it('when a page links to itself or onwards, then the filters in use, and only those, go along', () => {
    expect(eventSearchHref(none)).toBe('/');
    expect(eventSearchHref({ ...none, city: 'New York', category: 'sport' }, 'abc')).toBe('/?city=New+York&category=sport&cursor=abc');
    expect(hasFilters(none)).toBe(false);
    expect(hasFilters({ ...none, to: '2027-01-01' })).toBe(true);
  });
});
