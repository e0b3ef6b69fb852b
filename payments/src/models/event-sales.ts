import { EVENT_CANCELLED_MESSAGE, EVENT_STARTED_MESSAGE, hasEventStarted, isEventCancelled } from '@ticketing/common';
import type { OrderReplicaDoc } from './order-replica';

/**
 * Why an order of an event can no longer be paid (DESIGN §12), in the sentences orders answers too: its event has
 * started (from the replica), or payments has recorded it cancelled (one look-up by `_id`). Undefined for an order
 * whose event is open, and for an order without an event (the seed's rules).
 */
export async function eventClosedReason(order: Pick<OrderReplicaDoc, 'event'>): Promise<string | undefined> {
  if (!order.event) return undefined;
  if (hasEventStarted(order.event)) return EVENT_STARTED_MESSAGE;
  if (await isEventCancelled(order.event.id)) return EVENT_CANCELLED_MESSAGE;
  return undefined;
}
