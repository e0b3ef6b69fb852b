import type { KeyObject } from 'node:crypto';
import { toOrderJson, type OrderDoc, type OrderJson } from '../models/order';
import { eticketCode } from './code';

/**
 * An order as `viewerId` sees it (DESIGN §12), or null when it was never theirs (neither bought nor held): its holder
 * gets the e-ticket (`eticket` with its code, `holderId`) and, if they did not buy it, `transfer: to-you`; a buyer or
 * holder who gave it away gets `transfer: from-you` with the e-mail they gave it to, and no code.
 */
export function viewOrder(order: OrderDoc, viewerId: string, privateKey: KeyObject): OrderJson | null {
  const json = toOrderJson(order);
  const { eticket, holderId } = order;
  if (eticket && holderId === viewerId) {
    const code = eticketCode(
      { orderId: order._id, ticketId: order.ticket.id, eventId: order.event?.id, holderId, serial: eticket.serial },
      privateKey,
    );
    return {
      ...json,
      eticket: { code, serial: eticket.serial, ...(eticket.usedAt && { usedAt: eticket.usedAt }) },
      holderId,
      ...(holderId !== order.userId && { transfer: { direction: 'to-you' as const } }),
    };
  }
  // The viewer's own last hand-over (a ticket given, given back and given again shows the latest).
  const given = order.transfers?.findLast((transfer) => transfer.from === viewerId);
  if (given) return { ...json, transfer: { direction: 'from-you', email: given.email } };
  return order.userId === viewerId ? json : null;
}
