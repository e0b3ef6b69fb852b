import { onSaleFields } from '../src/lib/event-on-sale';
import { localDateTimeToIso } from '../src/lib/event-time';

const empty = { onSaleAt: '', waitingRoom: false, admitPerMinute: '', queueMinutes: '' };

describe('the on-sale fields of the event form', () => {
  test('When nothing is filled in, then nothing is sent and the API applies its defaults', () => {
    expect(onSaleFields(empty)).toEqual({ ok: true, fields: {} });
  });

  test('When an admin fills every field, then the on-sale is an instant and the counts are numbers', () => {
    const filled = { onSaleAt: '2030-05-01T10:00', waitingRoom: true, admitPerMinute: ' 2000 ', queueMinutes: '30' };
    expect(onSaleFields(filled)).toEqual({
      ok: true,
      fields: {
        onSaleAt: localDateTimeToIso('2030-05-01T10:00'),
        waitingRoom: true,
        admitPerMinute: 2000,
        queueMinutes: 30,
      },
    });
  });

  test('When the time or a count cannot be read, then each field says so and nothing is sent', () => {
    const bad = { onSaleAt: '2030-02-31T10:00', waitingRoom: true, admitPerMinute: '1e3', queueMinutes: '-5' };
    expect(onSaleFields(bad)).toEqual({
      ok: false,
      errors: {
        onSaleAt: ['Choose the date and time the sale starts'],
        admitPerMinute: ['Enter a whole number'],
        queueMinutes: ['Enter a whole number'],
      },
    });
  });

  test('When a room is asked for without an on-sale time, then it is sent as it is, for the API to name the field', () => {
    expect(onSaleFields({ ...empty, waitingRoom: true })).toEqual({ ok: true, fields: { waitingRoom: true } });
  });
});
