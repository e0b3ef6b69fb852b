import { OrderCompleted, type Logger } from '@ticketing/common';
import { closeOrder } from './close-order';
import type { OrderJson } from './order';

export type CompleteOutcome =
  { outcome: 'completed' | 'already-completed' | 'cancelled'; order: OrderJson } | { outcome: 'not-found' };

/**
 * Marks an order paid and stores OrderCompleted (tickets marks the ticket sold). The lock stays: a sold ticket is
 * never ordered again. An order already cancelled (expired before the charge landed) is left cancelled:
 * payments refunds such a charge (DESIGN §7).
 */
export async function completeOrder(orderId: string, log?: Logger): Promise<CompleteOutcome> {
  const result = await closeOrder(orderId, 'completed', (data) => OrderCompleted.create(data));
  if (result.outcome === 'not-found') return result;
  if (result.outcome === 'closed') log?.info({ orderId, version: result.order.version }, 'order completed');
  const outcome = ({ closed: 'completed', already: 'already-completed', otherwise: 'cancelled' } as const)[
    result.outcome
  ];
  return { outcome, order: result.order };
}
