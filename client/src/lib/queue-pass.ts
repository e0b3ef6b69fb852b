import { secondsLeft } from './countdown';

// The waiting room's pass (DESIGN §13) between the event page, which receives it, and the Purchase button, which sends
// it with POST /api/orders as the Queue-Pass header: kept in this tab's sessionStorage, one per event.

const storageKey = (eventId: string) => `queue-pass:${eventId}`;

type KeptPass = { pass: string; expiresAt: string };

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // storage refused (privacy settings): the pass lives only as long as the page
    return null;
  }
}

/** Keeps the pass of `eventId` for this tab until `expiresAt`. */
export function keepQueuePass(eventId: string, pass: string, expiresAt: string): void {
  storage()?.setItem(storageKey(eventId), JSON.stringify({ pass, expiresAt } satisfies KeptPass));
}

/** The kept pass of `eventId` while it has not expired, or undefined. */
export function queuePassFor(eventId: string, now: number = Date.now()): string | undefined {
  const store = storage();
  const raw = store?.getItem(storageKey(eventId));
  if (!store || !raw) return undefined;
  try {
    const kept = JSON.parse(raw) as Partial<KeptPass>;
    if (typeof kept.pass === 'string' && typeof kept.expiresAt === 'string' && secondsLeft(kept.expiresAt, now) > 0) {
      return kept.pass;
    }
  } catch {
    // not ours: dropped below
  }
  store.removeItem(storageKey(eventId));
  return undefined;
}
