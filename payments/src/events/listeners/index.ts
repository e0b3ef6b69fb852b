import type { Listener } from '@ticketing/common';
import { eventCancelledListener } from './event-cancelled-listener';
import { orderCancelledListener } from './order-cancelled-listener';
import { orderCompletedListener } from './order-completed-listener';
import { orderCreatedListener } from './order-created-listener';

/**
 * What payments consumes (DESIGN §5, §12), one listener per subject: the order replica's three events, and the
 * cancellation of an event.
 */
export const listeners: readonly Listener[] = [
  orderCreatedListener,
  orderCancelledListener,
  orderCompletedListener,
  eventCancelledListener,
];
