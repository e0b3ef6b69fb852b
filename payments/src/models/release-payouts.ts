import type { Logger } from '@ticketing/common';
import { Payout, type PayoutDoc, payoutWatches, payouts } from './payout';

/** A seller's held payouts released at a time (bounded reads). */
const BATCH = 50;

/**
 * Moves one held payout to `scheduled` (its seller can now be paid), once: a conditional update on its version. The
 * payout's watch is written first (due at its `scheduledFor`), so no crash leaves a scheduled payout unwatched; a
 * watch of a payout that was not held any more is dropped by the job's look.
 */
export async function releasePayout(payout: Pick<PayoutDoc, '_id' | 'scheduledFor'>): Promise<boolean> {
  await payoutWatches.watch(payout._id, payout.scheduledFor);
  const released = await payouts.change(payout._id, (current) =>
    current?.state === 'held' ? { set: { state: 'scheduled' } } : null,
  );
  return released !== null;
}

/**
 * Releases every held payout of a seller whose account was just enabled (DESIGN §12), each once whatever the
 * replicas and webhooks that bring the news. Reads the seller's held payouts by batches (on MongoDB through the
 * `sellerId` index; the local engine reads the collection, once per enabling). Resolves with how many it released.
 */
export async function releaseHeldPayouts(sellerId: string, log: Logger): Promise<number> {
  let released = 0;
  for (;;) {
    const held = await Payout.find({ sellerId, state: 'held' }, { _id: 1, scheduledFor: 1 })
      .limit(BATCH)
      .lean<Array<Pick<PayoutDoc, '_id' | 'scheduledFor'>>>();
    for (const payout of held) if (await releasePayout(payout)) released++;
    if (held.length < BATCH) break;
  }
  if (released > 0) log.info({ sellerId, released }, 'held payouts released: the seller can be paid');
  return released;
}
