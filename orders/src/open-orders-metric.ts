import { meter, type Dependency } from '@ticketing/common';
import { countOpenOrders } from './models/open-orders';

const openOrders = meter().createObservableGauge('ticketing.orders.open', {
  description: 'Orders still open (created, not yet completed, cancelled or expired)',
});

/**
 * Reports the open orders at each scrape, and only then: the count of `open_orders`, the live working set (DESIGN
 * §16), not of `orders`. A scrape while the database is away leaves the value out. A dependency of the service, so
 * that it stops reporting when the service stops.
 */
export function observeOpenOrders(): Dependency {
  const callback = async (result: { observe(value: number): void }) => {
    try {
      result.observe(await countOpenOrders());
    } catch {
      // The database away: no value this scrape.
    }
  };
  openOrders.addCallback(callback);
  return { name: 'open-orders-metric', isReady: () => true, close: async () => openOrders.removeCallback(callback) };
}
