import { orderCancelledListener } from './order-cancelled-listener';
import { orderCompletedListener } from './order-completed-listener';
import { orderCreatedListener } from './order-created-listener';

/** What the expiration service consumes (DESIGN §5), one listener per subject. */
export const listeners = [orderCreatedListener, orderCompletedListener, orderCancelledListener];
