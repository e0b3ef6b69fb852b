import { startPeriodicTask, type Logger, type PeriodicTask } from '@ticketing/common';
import { cancelOrder } from './cancel-order';
import { overdueOpenOrders, removeOpenOrder } from './open-orders';

/**
 * Cancels every order still `created` past its expiresAt; resolves with how many it cancelled. It reads the open
 * orders (open-orders.ts), never the whole `orders` collection; an entry whose order is already closed or was never
 * stored is deleted here (a cancel by this sweep deletes its own).
 */
export async function cancelOverdueOrders(log: Logger, isStopping: () => boolean = () => false): Promise<number> {
  const overdue = await overdueOpenOrders(new Date().toISOString(), 500);
  let cancelled = 0;
  for (const id of overdue) {
    if (isStopping()) break;
    const result = await cancelOrder(id, 'expired', log);
    if (result.outcome === 'cancelled') cancelled++;
    else await removeOpenOrder(id);
  }
  if (cancelled > 0) log.info({ cancelled }, 'backstop cancelled orders past their expiry');
  return cancelled;
}

/**
 * The backstop of the 15-minute lock (DESIGN §5: time-based promises do not rest on a single event). Expiration
 * publishes OrderExpired at `expiresAt`; if that event is late or lost (Redis lost its jobs, the bus was down), this
 * sweep cancels every order still `created` past its expiresAt, at most `intervalMs` late. Safe with several replicas:
 * the cancel is a conditional update, so an order is cancelled once (and never once completed).
 */
export function startOverdueSweeper(options: { intervalMs: number; log: Logger }): PeriodicTask {
  let stopping = false;
  const task = startPeriodicTask({
    name: 'overdue order sweep',
    intervalMs: options.intervalMs,
    log: options.log,
    run: async () => {
      await cancelOverdueOrders(options.log, () => stopping);
    },
  });
  return {
    runNow: task.runNow,
    stop: () => {
      stopping = true;
      return task.stop();
    },
  };
}
