import type { Listener } from '@ticketing/common';
import { orderCancelledListener } from './order-cancelled-listener';
import { orderCompletedListener } from './order-completed-listener';
import { orderCreatedListener } from './order-created-listener';

/** What expiration consumes (DESIGN §5), one listener per subject. */
export const listeners: readonly Listener[] = [orderCreatedListener, orderCompletedListener, orderCancelledListener];
