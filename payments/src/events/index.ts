import { ChargeCreated, ChargeRefunded, type Listener } from '@ticketing/common';
import { orderCancelledListener } from './listeners/order-cancelled-listener';
import { orderCompletedListener } from './listeners/order-completed-listener';
import { orderCreatedListener } from './listeners/order-created-listener';

/** What payments publishes (read by the flow map and checked against DESIGN §5). */
export const publishes = [ChargeCreated, ChargeRefunded] as const;

/** What payments consumes (DESIGN §5): the order replica's three events. */
export const listeners: Listener[] = [orderCreatedListener, orderCancelledListener, orderCompletedListener];
