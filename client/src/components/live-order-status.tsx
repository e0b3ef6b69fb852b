'use client';

import type { OrderStatus } from '@ticketing/common';
import { orderStatusLabel } from '@/lib/format';
import { liveStatusFeed } from './live-status-feed';

const orders = liveStatusFeed<OrderStatus>({
  streamPath: '/api/orders/live',
  eventName: 'order',
  labels: orderStatusLabel,
  testId: 'order-status',
});

/** Follows GET /api/orders/live (the signed-in buyer's orders) for the orders of a page; `resyncPath` answers them. */
export const OrderStatusProvider = orders.Provider;

/** The status badge of an order, kept current by the page's {@link OrderStatusProvider}. */
export const LiveOrderStatus = orders.Badge;

/** An order's newest known status and version, or null when the page's provider does not follow it. */
export const useOrderStatus = orders.useLatest;
