import {
  BadRequestError,
  ConflictError,
  EVENT_STARTED_MESSAGE,
  ForbiddenError,
  hasEventStarted,
  NotFoundError,
} from '@ticketing/common';
import { Order, type OrderDoc, type OrderTransfer } from '../models/order';
import { findUserIdByEmail } from '../models/user-replica';
import { TRANSFERRED_MESSAGE, usableFilter, whyUnusable } from './usable';

/**
 * Gives the e-ticket of order `orderId`, held by `fromId`, to the registered user of `email` (DESIGN §12): ONE
 * conditional update on the same filter as a check-in (usable-filter) sets the new holder and the next serial (so a
 * new code, and the old one refused from then on) and records the hand-over; a transfer racing a scan ends in exactly
 * one of them. Answers the order as stored: 404 unknown, 403 not the holder, 400 naming `email` for yourself or an
 * address orders does not know, 409 used, void (not paid, cancelled, its event cancelled) or its event started.
 */
export async function transferOrder(
  orderId: string,
  fromId: string,
  email: string,
  now = new Date(),
): Promise<OrderDoc> {
  const order = await Order.findById(orderId, { outbox: 0 }).lean<OrderDoc>().exec();
  if (!order) throw new NotFoundError('order');
  const holderId = order.holderId ?? order.userId;
  if (holderId !== fromId) {
    const wasMine = order.userId === fromId || order.transfers?.some((transfer) => transfer.from === fromId);
    throw new ForbiddenError(wasMine ? 'You no longer hold this ticket' : 'Forbidden');
  }
  const toId = await findUserIdByEmail(email);
  if (toId === fromId) throw new BadRequestError('You already hold this ticket', 'email');
  if (!toId) throw new BadRequestError('No user with this e-mail', 'email');
  const serial = order.eticket?.serial ?? 0;
  const unusable = await whyUnusable(order, serial);
  if (unusable) throw new ConflictError(unusable);
  if (order.event && hasEventStarted(order.event, now.getTime())) throw new ConflictError(EVENT_STARTED_MESSAGE);

  const transfer: OrderTransfer = { from: fromId, to: toId, email, at: now.toISOString() };
  const stored = (await Order.collection.findOneAndUpdate(
    { ...usableFilter(orderId, serial), holderId: fromId } as never,
    { $set: { holderId: toId, 'eticket.serial': serial + 1 }, $push: { transfers: transfer } } as never,
    { returnDocument: 'after', projection: { outbox: 0 } },
  )) as OrderDoc | null;
  if (stored) return stored;
  // A door or another transfer won meanwhile: say which, from what it stored.
  const current = await Order.findById(orderId, { outbox: 0 }).lean<OrderDoc>().exec();
  throw new ConflictError((current && (await whyUnusable(current, serial))) ?? TRANSFERRED_MESSAGE);
}
