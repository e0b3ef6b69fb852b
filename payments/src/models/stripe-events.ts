import { defineModel, isDuplicateKeyError } from '@ticketing/common';
import { Schema } from 'mongoose';

/**
 * The Stripe events (webhooks) already applied, by event id (DESIGN §12: each applied once). Stripe retries an
 * event for up to three days, so an id is kept for a week and then deleted by the payout job's sweep (DESIGN §16:
 * nothing grows without bound; the local engine has no TTL index).
 */
interface AppliedStripeEventDoc {
  /** The event id (`evt_…`). */
  _id: string;
  type: string;
  appliedAt: Date;
}

/** How long an applied event id is remembered: past Stripe's retries (three days), with room. */
export const STRIPE_EVENT_MEMORY_MS = 7 * 24 * 3_600_000;

const schema = new Schema<AppliedStripeEventDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    appliedAt: { type: Date, required: true },
  },
  { collection: 'stripe_events', versionKey: false, id: false },
);
// MongoDB deletes them by itself; the sweep does it where the engine has no TTL (mongo-java-server).
schema.index({ appliedAt: 1 }, { expireAfterSeconds: STRIPE_EVENT_MEMORY_MS / 1_000 });

const AppliedStripeEvent = defineModel<AppliedStripeEventDoc>('AppliedStripeEvent', schema);

/** For the service's boot. */
export const appliedStripeEvents = {
  init: () => AppliedStripeEvent.init().then(() => AppliedStripeEvent.syncIndexes().then(() => undefined)),
};

/** Whether the event was applied already (a duplicate delivery). */
export async function wasApplied(eventId: string): Promise<boolean> {
  return (await AppliedStripeEvent.collection.findOne({ _id: eventId } as never, { projection: { _id: 1 } })) !== null;
}

/**
 * Records the event as applied, AFTER its effects are stored: a crash before this leaves the event unrecorded, Stripe
 * delivers it again, and applying it again changes nothing (every effect is conditional). Two deliveries at once both
 * apply (to the same end) and one records.
 */
export async function markApplied(eventId: string, type: string): Promise<void> {
  try {
    await AppliedStripeEvent.collection.insertOne({ _id: eventId, type, appliedAt: new Date() } as never);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** Deletes the event ids older than {@link STRIPE_EVENT_MEMORY_MS}; resolves with how many. */
export async function forgetOldStripeEvents(now: Date = new Date()): Promise<number> {
  const { deletedCount } = await AppliedStripeEvent.deleteMany({
    appliedAt: { $lt: new Date(now.getTime() - STRIPE_EVENT_MEMORY_MS) },
  });
  return deletedCount;
}
