import type { Listener } from '@ticketing/common';
import { orderCancelledListener } from './order-cancelled-listener';
import { orderCompletedListener } from './order-completed-listener';
import { orderCreatedListener } from './order-created-listener';

/** What payments consumes (DESIGN §5), one listener per subject: the order replica's three events. */
export const listeners: readonly Listener[] = [orderCreatedListener, orderCancelledListener, orderCompletedListener];
