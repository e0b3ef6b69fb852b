import { OrderCompleted, type Logger } from '@ticketing/common';
import { orderLog, recordToJson, type OrderJson } from './order-log';

export type CompleteOutcome =
  { outcome: 'completed' | 'already-completed' | 'cancelled'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Marks an order paid and stores OrderCompleted (tickets marks the ticket sold). The reservation stays: a sold
 * ticket is never ordered again. An order already cancelled (expired before the charge landed) is left cancelled:
 * payments refunds such a charge (DESIGN §7). The completion is the insert of the next version, so it cannot be
 * undone by a concurrent cancel, nor undo one.
 */
export async function completeOrder(orderId: string, log?: Logger): Promise<CompleteOutcome> {
  let outcome: CompleteOutcome = { outcome: 'not-found' };
  const stored = await orderLog.change(orderId, (current) => {
    if (!current) {
      outcome = { outcome: 'not-found' };
      return null;
    }
    const { status } = current.state;
    if (status === 'cancelled' || status === 'completed') {
      outcome = { outcome: status === 'cancelled' ? 'cancelled' : 'already-completed', order: recordToJson(current) };
      return null;
    }
    const version = current.version + 1;
    return {
      state: { ...current.state, status: 'completed' },
      events: [OrderCompleted.create({ id: orderId, version, ticket: { id: current.state.ticket.id } })],
    };
  });
  if (stored) {
    outcome = { outcome: 'completed', order: recordToJson(stored) };
    log?.info({ orderId, version: stored.version }, 'order completed');
  }
  return outcome;
}
