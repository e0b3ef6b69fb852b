import { eventClosedReason, listingSummary } from '../src/lib/events';
import { localDateTimeToIso } from '../src/lib/event-time';

describe('listingSummary', () => {
  test('When tickets are available, then it says the lowest price and how many', () => {
    expect(listingSummary({ ticketsAvailable: 3, lowestPrice: 20 })).toBe('from $20 · 3 tickets');
    expect(listingSummary({ ticketsAvailable: 1, lowestPrice: 12.5 })).toBe('from $12.50 · 1 ticket');
  });

  test('When none is, then it says so', () => {
    expect(listingSummary({ ticketsAvailable: 0, lowestPrice: null })).toBe('No tickets yet');
  });
});

describe('eventClosedReason', () => {
  const now = Date.parse('2027-01-15T20:00:00.000Z');

  test('When the event is scheduled and ahead, then it is open', () => {
    expect(eventClosedReason({ status: 'scheduled', startsAt: '2027-01-15T20:00:01.000Z' }, now)).toBeNull();
  });

  test('When it has started, then it says so; when cancelled, that comes first', () => {
    expect(eventClosedReason({ status: 'scheduled', startsAt: '2027-01-15T20:00:00.000Z' }, now)).toBe(
      'The event has started',
    );
    expect(eventClosedReason({ status: 'cancelled', startsAt: '2027-01-01T20:00:00.000Z' }, now)).toBe(
      'This event was cancelled',
    );
  });
});

describe('localDateTimeToIso', () => {
  test('When the picker has a value, then it is that wall-clock time in this zone, as an instant', () => {
    expect(localDateTimeToIso('2027-01-15T20:00')).toBe(new Date(2027, 0, 15, 20, 0).toISOString());
    expect(localDateTimeToIso('2027-01-15T20:00:30')).toBe(new Date(2027, 0, 15, 20, 0, 30).toISOString());
  });

  test('When it is empty, malformed or a day that does not exist, then it is null', () => {
    for (const value of ['', '2027-01-15', '15/01/2027 20:00', '2027-02-31T20:00', '2027-13-01T20:00']) {
      expect(localDateTimeToIso(value)).toBeNull();
    }
  });
});
