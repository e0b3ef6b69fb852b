import type { Logger } from '@ticketing/common';
import { cancelOrder } from './cancel-order';
import { Order, type OrderDoc } from './order';

/** A version of a ticket as TicketUpdated reports it. */
interface TicketVersion {
  id: string;
  version: number;
  price: number;
  orderId?: string | undefined;
}

/**
 * The other half of "a buyer is never charged a price other than the one their order shows" (DESIGN §5, issue 14):
 * tickets refuses to reserve a ticket for an order priced differently from the ticket's price when the order reaches
 * it (the seller edited it first). Orders sees that edit here, as a TicketUpdated of a later version than the one the
 * live order was priced at, with another price and not naming that order; it then cancels the order and tells the
 * buyer why (payments refuses to charge a cancelled order). One lookup by the order's unique `lock`.
 */
export async function cancelIfRepriced(ticket: TicketVersion, log: Logger): Promise<void> {
  const order = await Order.findOne({ lock: ticket.id, status: 'created' }, { outbox: 0 }).lean<OrderDoc>();
  if (!order || order._id === ticket.orderId) return;
  if (ticket.version <= order.ticket.version || ticket.price === order.ticket.price) return;
  log.info(
    { orderId: order._id, ticketId: ticket.id, pricedAt: order.ticket.price, price: ticket.price },
    'ticket repriced before the order reached it; cancelling the order',
  );
  await cancelOrder(order._id, 'ticket-changed', log);
}
