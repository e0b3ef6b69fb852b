import { EVENT_CANCELLED_MESSAGE, isEventCancelled } from '@ticketing/common';
import type { OrderDoc } from '../models/order';

/** 409 for a code of an order whose payment was refunded (ChargeRefunded): the buyer has their money back. */
export const REFUNDED_MESSAGE = 'This order was refunded';

/** 409 for a code of an order whose charge the buyer's bank disputed (ChargeDisputed): the money is in question. */
export const DISPUTED_MESSAGE = "This order's payment was disputed";

/** 409 for a code of a serial the order has moved past: it was transferred since. */
export const TRANSFERRED_MESSAGE = 'This ticket was transferred; ask the holder for the new code';

/** What every valid e-ticket's order is: completed, and its money neither given back nor disputed. */
export const VALID_ETICKET = { status: 'completed', refundedAt: null, disputedAt: null } as const;

/**
 * Why the e-ticket of `order` at `serial` can be neither admitted nor transferred, or null when it can (DESIGN §12):
 * the order is not a completed one with an e-ticket, it was refunded or disputed, the code is of an older serial, it was used, or
 * its event was cancelled (orders records cancelled events, closed-events.ts). The checks the conditional update makes again
 * atomically (status, serial, usedAt); this only says why one did not match, or refuses early.
 */
export async function whyUnusable(order: OrderDoc, serial: number): Promise<string | null> {
  if (order.status === 'cancelled') return 'This order was cancelled';
  if (order.status !== 'completed') return 'This order is not paid';
  if (order.refundedAt) return REFUNDED_MESSAGE;
  if (order.disputedAt) return DISPUTED_MESSAGE;
  if (!order.eticket) return 'This order has no e-ticket';
  if (order.eticket.serial !== serial) return TRANSFERRED_MESSAGE;
  if (order.eticket.usedAt) return `Already used at ${order.eticket.usedAt}`;
  if (order.event && (await isEventCancelled(order.event.id))) return EVENT_CANCELLED_MESSAGE;
  return null;
}

/**
 * The filter of both writes to an e-ticket (DESIGN §12): the order, completed, neither refunded nor disputed, at this
 * serial, unused. A refund or a dispute racing a scan or a transfer is one of the three writes on the same order: the first applied wins. A check-in sets
 * `usedAt`, a transfer the next serial and holder, each by ONE conditional update on it: of two doors, or a door and
 * a transfer, exactly one matches. They touch only the e-ticket's fields of a completed order, which no versioned
 * change (closeOrder: open orders only) writes, so `version` is left alone and the outbox's events keep theirs.
 */
export function usableFilter(orderId: string, serial: number): Record<string, unknown> {
  return { _id: orderId, ...VALID_ETICKET, 'eticket.serial': serial, 'eticket.usedAt': null };
}
