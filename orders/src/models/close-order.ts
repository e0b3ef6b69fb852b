import type { EventEnvelope } from '@ticketing/common';
import { orderLog, recordToJson, type OrderJson } from './order-log';

/** The two final statuses of an order. */
export type FinalStatus = 'cancelled' | 'completed';

/** `closed`: this call stored the final status; `already`: it had it; `otherwise`: it has the other final status. */
export type CloseOutcome = { outcome: 'closed' | 'already' | 'otherwise'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Moves an open order to a final status with its event (OrderCancelled or OrderCompleted), as the insert of the next
 * version: a cancel and a completion racing for one order both try to insert it, one wins and the other decides
 * again from the winner's version, so neither can undo the other (DESIGN §6). A closed order is never reopened.
 */
export async function closeOrder(
  orderId: string,
  to: FinalStatus,
  // The caller names its contract (`OrderCancelled.create`), so the event-flow scan sees which route publishes what.
  createEvent: (data: { id: string; version: number; ticket: { id: string } }) => EventEnvelope,
): Promise<CloseOutcome> {
  let outcome: CloseOutcome = { outcome: 'not-found' };
  const stored = await orderLog.change(orderId, (current) => {
    if (!current) {
      outcome = { outcome: 'not-found' };
      return null;
    }
    const { status } = current.state;
    if (status === 'cancelled' || status === 'completed') {
      outcome = { outcome: status === to ? 'already' : 'otherwise', order: recordToJson(current) };
      return null;
    }
    const data = { id: orderId, version: current.version + 1, ticket: { id: current.state.ticket.id } };
    return { state: { ...current.state, status: to }, events: [createEvent(data)] };
  });
  if (stored) outcome = { outcome: 'closed', order: recordToJson(stored) };
  return outcome;
}
