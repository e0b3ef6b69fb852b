import type { EventJson, QueueStatusJson } from '@ticketing/common';
import { secondsLeft } from './countdown';

// The waiting room of DESIGN §13 as the event page shows it; the status JSON is common's src/api/queue.ts.

/** How long a room stays open after its on-sale when the event does not say (common's DEFAULT_QUEUE_MINUTES). */
const DEFAULT_QUEUE_MINUTES = 60;

/**
 * Whether the event page shows the room: an event with a waiting room and an on-sale, still on, before its queue's
 * window ends (onSaleAt + queueMinutes), when orders stops asking for a pass. Whether the room has opened for the
 * pre-queue yet, or closed early (sold out), is the queue's answer.
 */
export function showsWaitingRoom(
  event: Pick<EventJson, 'waitingRoom' | 'onSaleAt' | 'queueMinutes'>,
  now: number = Date.now(),
): boolean {
  if (!event.waitingRoom || event.onSaleAt === undefined) return false;
  return now < Date.parse(event.onSaleAt) + (event.queueMinutes ?? DEFAULT_QUEUE_MINUTES) * 60_000;
}

/** "1 minute 5 seconds", "12 seconds", "2 hours 3 minutes": a wait or a countdown in words, to the second. */
export function formatDuration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  if (minutes > 0)
    return rest > 0 ? `${plural(minutes, 'minute')} ${plural(rest, 'second')}` : plural(minutes, 'minute');
  return plural(rest, 'second');
}

/** An estimated wait, rounded to what a buyer can use: "less than a minute", "about 3 minutes". */
export function formatEstimatedWait(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** Whole minutes a pass has left, rounded up (a pass of 9 minutes 10 seconds "has 10 minutes"); never negative. */
export function passMinutesLeft(passExpiresAt: string, now: number): number {
  return Math.ceil(secondsLeft(passExpiresAt, now) / 60);
}

/** Why a room closed, in the buyer's words. */
const CLOSED_BECAUSE: Record<NonNullable<QueueStatusJson['reason']>, string> = {
  'sold out': 'The tickets are sold out.',
  cancelled: 'This event was cancelled.',
  ended: 'The queue has ended: the remaining tickets are on sale to everyone.',
};

/**
 * What the room says to a buyer at `now`: a headline (the live region's words: announced when they change, so no
 * ticking clock in them) and a detail line (the countdowns, shown beside it).
 */
export function describeQueueStatus(status: QueueStatusJson, now: number): { headline: string; detail?: string } {
  switch (status.status) {
    case 'prequeue':
      return {
        headline: 'You are in the queue. When the sale starts, everyone here gets a place in random order.',
        detail: `The sale starts in ${formatDuration(secondsLeft(status.onSaleAt, now))}.`,
      };
    case 'waiting':
      return {
        headline:
          `Your place in the queue: ${status.position ?? '…'}. ` +
          `People ahead of you: ${status.ahead ?? '…'}. ` +
          `Estimated wait: ${formatEstimatedWait(status.estimatedWaitSeconds ?? 0)}.`,
      };
    case 'admitted': {
      const minutes = status.passExpiresAt ? passMinutesLeft(status.passExpiresAt, now) : 0;
      return {
        headline: `It's your turn: you have ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. Choose your tickets below.`,
        ...(status.passExpiresAt && {
          detail: `Your turn ends in ${formatDuration(secondsLeft(status.passExpiresAt, now))}.`,
        }),
      };
    }
    case 'expired':
      return { headline: 'Your turn has passed. Join the queue again to get a new place at the back.' };
    case 'closed':
      return { headline: `The queue is closed. ${status.reason ? CLOSED_BECAUSE[status.reason] : ''}`.trim() };
  }
}
