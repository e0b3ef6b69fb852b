import type { EntryTallyJson } from '@ticketing/common';
import { Order } from '../models/order';
import { VALID_ETICKET } from './usable';

/**
 * An event's door count (DESIGN §12 "Entry"): its valid e-tickets (completed orders, neither refunded nor disputed) and how many of
 * them were admitted. Two counts on the index of `event.id` + `status` (orders/src/models/order.ts); the local engine
 * scans them (DESIGN §16), which is fine at a door's pace.
 */
export async function entryTally(eventId: string): Promise<EntryTallyJson> {
  const valid = { 'event.id': eventId, ...VALID_ETICKET };
  const [sold, admitted] = await Promise.all([
    Order.countDocuments(valid).exec(),
    Order.countDocuments({ ...valid, 'eticket.usedAt': { $ne: null } }).exec(),
  ]);
  return { eventId, sold, admitted };
}
