'use client';

import type { OrderStatus, StatusChange } from '@ticketing/common';
import { createContext, useContext, type ReactNode } from 'react';
import { orderStatusLabel } from '@/lib/format';
import { useLiveStatuses } from '@/lib/use-live-statuses';
import { StatusBadge } from './status-badge';

const OrderStatuses = createContext<ReadonlyMap<string, StatusChange<OrderStatus>>>(new Map());

/** Follows GET /api/orders/live (the signed-in buyer's orders) for the orders of a page; `resyncPath` answers them. */
export function OrderStatusProvider(props: {
  initial: StatusChange<OrderStatus>[];
  resyncPath: string;
  children: ReactNode;
}) {
  const statuses = useLiveStatuses<OrderStatus>({
    streamPath: '/api/orders/live',
    eventName: 'order',
    resyncPath: props.resyncPath,
    initial: props.initial,
  });
  return <OrderStatuses.Provider value={statuses}>{props.children}</OrderStatuses.Provider>;
}

/** An order's newest known status and version, or null when the page's provider does not follow it. */
export function useOrderStatus(id: string): StatusChange<OrderStatus> | null {
  return useContext(OrderStatuses).get(id) ?? null;
}

/** The status badge of an order, kept current by the page's {@link OrderStatusProvider}. */
export function LiveOrderStatus({ id, status }: { id: string; status: OrderStatus }) {
  const live = useOrderStatus(id)?.status ?? status;
  return <StatusBadge status={live} label={orderStatusLabel[live] ?? live} testId="order-status" />;
}
