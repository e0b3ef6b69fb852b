import { eventsApiPath, isFiltered, parseEventSearch, searchHref, type EventSearch } from '../src/lib/event-search';

const EMPTY: EventSearch = { q: '', category: '', city: '', from: '', to: '', after: '' };

describe('parseEventSearch', () => {
  test('When the URL carries a search, then each field is read, trimmed', () => {
    expect(
      parseEventSearch({ q: ' rock ', category: 'concert', city: 'Berlin', from: '2027-01-01', to: '2027-01-31' }),
    ).toEqual({ q: 'rock', category: 'concert', city: 'Berlin', from: '2027-01-01', to: '2027-01-31', after: '' });
  });

  test('When a category is unknown, a date malformed or a field repeated, then it is dropped', () => {
    expect(parseEventSearch({ category: 'opera', from: '1/1/2027', to: '2027-01-01T10:00', q: ['a', 'b'] })).toEqual(
      EMPTY,
    );
  });

  test('When a field is very long, then it is cut (the API then names it)', () => {
    expect(parseEventSearch({ q: 'x'.repeat(1_000) }).q).toHaveLength(300);
  });
});

describe('searchHref', () => {
  const search = { ...EMPTY, q: 'rock', city: 'Berlin', after: 'cursor1' };

  test('When the category changes, then the rest of the search is kept and paging starts again', () => {
    expect(searchHref(search, { category: 'concert' })).toBe('/?q=rock&category=concert&city=Berlin');
  });

  test('When the next page is asked for, then the search is kept with its cursor', () => {
    expect(searchHref(search, { after: 'cursor2' })).toBe('/?q=rock&city=Berlin&after=cursor2');
  });

  test('When nothing is set, then it is the bare page, of the base path given', () => {
    expect(searchHref(EMPTY)).toBe('/');
    expect(searchHref(EMPTY, { q: 'a b&c' }, '/tickets/new')).toBe('/tickets/new?q=a+b%26c');
  });
});

describe('eventsApiPath', () => {
  test('When dates are given, then from is the start of its day and to the end of its day, UTC', () => {
    const path = eventsApiPath({ ...EMPTY, category: 'sports', from: '2027-01-01', to: '2027-01-31' }, 20);
    expect(new URL(path, 'http://x').searchParams.toString()).toBe(
      'limit=20&category=sports&from=2027-01-01T00%3A00%3A00.000Z&to=2027-01-31T23%3A59%3A59.999Z',
    );
  });

  test('When the search is empty, then only the page size is asked', () => {
    expect(eventsApiPath(EMPTY, 20)).toBe('/api/events?limit=20');
  });
});

describe('isFiltered', () => {
  test('When only a cursor is set, then the search is not filtered', () => {
    expect(isFiltered({ ...EMPTY, after: 'c' })).toBe(false);
    expect(isFiltered({ ...EMPTY, city: 'Paris' })).toBe(true);
  });
});
