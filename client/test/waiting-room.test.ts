import type { QueueStatusJson } from '@ticketing/common';
import {
  describeQueueStatus,
  formatDuration,
  formatEstimatedWait,
  passMinutesLeft,
  showsWaitingRoom,
} from '../src/lib/waiting-room';

const now = Date.parse('2030-01-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();

describe('showsWaitingRoom', () => {
  test('When the event has a room and an on-sale, then it shows until onSaleAt + queueMinutes (60 by default)', () => {
    const event = { waitingRoom: true, onSaleAt: iso(-59 * 60_000) };
    expect(showsWaitingRoom(event, now)).toBe(true);
    expect(showsWaitingRoom({ ...event, onSaleAt: iso(-60 * 60_000) }, now)).toBe(false);
    expect(showsWaitingRoom({ ...event, queueMinutes: 10 }, now)).toBe(false);
    expect(showsWaitingRoom({ ...event, onSaleAt: iso(3_600_000) }, now)).toBe(true);
  });

  test('When the event has no room or no on-sale, then there is no room to show', () => {
    expect(showsWaitingRoom({ waitingRoom: false, onSaleAt: iso(60_000) }, now)).toBe(false);
    expect(showsWaitingRoom({ waitingRoom: true }, now)).toBe(false);
  });
});

describe('the words of the room', () => {
  test('When durations are given, then they read in hours, minutes and seconds', () => {
    expect(formatDuration(0)).toBe('0 seconds');
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(65)).toBe('1 minute 5 seconds');
    expect(formatDuration(120)).toBe('2 minutes');
    expect(formatDuration(3_720)).toBe('1 hour 2 minutes');
    expect(formatEstimatedWait(59)).toBe('less than a minute');
    expect(formatEstimatedWait(89)).toBe('about 1 minute');
    expect(formatEstimatedWait(600)).toBe('about 10 minutes');
  });

  test('When a pass has 9 minutes 10 seconds left, then the buyer has 10 minutes', () => {
    expect(passMinutesLeft(iso(550_000), now)).toBe(10);
    expect(passMinutesLeft(iso(-1_000), now)).toBe(0);
  });

  test('When the buyer is in each state, then the headline says where they stand and the detail counts down', () => {
    const base: Pick<QueueStatusJson, 'onSaleAt'> = { onSaleAt: iso(65_000) };
    expect(describeQueueStatus({ ...base, status: 'prequeue' }, now)).toEqual({
      headline: 'You are in the queue. When the sale starts, everyone here gets a place in random order.',
      detail: 'The sale starts in 1 minute 5 seconds.',
    });
    expect(
      describeQueueStatus({ ...base, status: 'waiting', position: 42, ahead: 17, estimatedWaitSeconds: 300 }, now),
    ).toEqual({ headline: 'Your place in the queue: 42. People ahead of you: 17. Estimated wait: about 5 minutes.' });
    expect(describeQueueStatus({ ...base, status: 'admitted', pass: 'p', passExpiresAt: iso(600_000) }, now)).toEqual({
      headline: "It's your turn: you have 10 minutes. Choose your tickets below.",
      detail: 'Your turn ends in 10 minutes.',
    });
    expect(describeQueueStatus({ ...base, status: 'expired' }, now).headline).toBe(
      'Your turn has passed. Join the queue again to get a new place at the back.',
    );
    expect(describeQueueStatus({ ...base, status: 'closed', reason: 'sold out' }, now).headline).toBe(
      'The queue is closed. The tickets are sold out.',
    );
  });
});
