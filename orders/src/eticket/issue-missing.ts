import { Order, type OrderDoc } from '../models/order';

/**
 * The order with its e-ticket: one completed before orders issued e-tickets (DESIGN §12) gets it now, held by its
 * buyer at serial 1, as the completion would have issued it. One conditional update on "completed and still without
 * one", so two readers at once issue it once (the loser reads what the winner stored). Any other order is returned as
 * it is, without a write.
 */
export async function withEticket(order: OrderDoc): Promise<OrderDoc> {
  if (order.status !== 'completed' || order.eticket) return order;
  const issued = (await Order.collection.findOneAndUpdate(
    { _id: order._id, status: 'completed', eticket: { $exists: false } } as never,
    { $set: { eticket: { serial: 1 }, holderId: order.userId } },
    { returnDocument: 'after', projection: { outbox: 0 } },
  )) as OrderDoc | null;
  return issued ?? (await Order.findById(order._id, { outbox: 0 }).lean<OrderDoc>().exec()) ?? order;
}
