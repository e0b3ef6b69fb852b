import type { Listener } from '@ticketing/common';
import { eventCancelledListener } from './event-cancelled-listener';
import { orderCancelledListener } from './order-cancelled-listener';
import { orderCompletedListener } from './order-completed-listener';
import { orderCreatedListener } from './order-created-listener';

/** What tickets consumes (DESIGN §5, §12), one listener per subject. */
export const listeners: readonly Listener[] = [
  orderCreatedListener,
  orderCancelledListener,
  orderCompletedListener,
  eventCancelledListener,
];
