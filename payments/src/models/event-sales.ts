import {
  EVENT_CANCELLED_MESSAGE,
  EVENT_STARTED_MESSAGE,
  hasEventStarted,
  isEventCancelled,
  type ChargeFailure,
} from '@ticketing/common';
import type { OrderReplicaDoc } from './order-replica';

/** Why an order's event closes its sale: the sentence answered (orders answers it too) and ChargeCreated's failure. */
export interface EventClosed {
  message: string;
  failure: ChargeFailure;
}

/**
 * Why an order of an event can no longer be paid (DESIGN §12): its event has started (from the replica), or payments
 * has recorded it cancelled (one look-up by `_id`). Undefined for an order whose event is open, and for an order
 * without an event (the seed's rules).
 */
export async function eventClosedReason(order: Pick<OrderReplicaDoc, 'event'>): Promise<EventClosed | undefined> {
  if (!order.event) return undefined;
  if (hasEventStarted(order.event)) return { message: EVENT_STARTED_MESSAGE, failure: 'event-started' };
  if (await isEventCancelled(order.event.id)) return { message: EVENT_CANCELLED_MESSAGE, failure: 'event-cancelled' };
  return undefined;
}
