import { publish, UserCreated, type Bus } from '@ticketing/common';
import { User } from '../models/user';

/** How many accounts are read, and published at once, per batch: bounded memory and bounded publishes in flight. */
const BATCH = 500;

/**
 * Publishes every account as UserCreated (DESIGN §16 "npm run republish -- users"): what a consumer added later
 * (orders' users replica, DESIGN §12) never received. Each at version 0, as signup published it, so a replica that
 * has it already acknowledges it without effect and one that lacks it inserts it. Accounts are read by batches in id
 * order after a cursor, so the pass reads `BATCH` documents at a time at any size; each publish waits for JetStream's
 * acknowledgement, so a pass that ends has stored every event. An account made during the pass is published by its
 * signup anyway. Resolves with how many accounts were published.
 */
export async function republishUsers(bus: Bus): Promise<number> {
  let published = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await User.find(after === undefined ? {} : { _id: { $gt: after } }, { email: 1 })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean<{ _id: string; email: string }[]>()
      .exec();
    if (batch.length === 0) return published;
    await Promise.all(batch.map((user) => publish(bus, UserCreated, { id: user._id, email: user.email, version: 0 })));
    published += batch.length;
    after = batch[batch.length - 1]!._id;
  }
}
