import { orderCancelledListener } from './order-cancelled-listener';
import { orderCompletedListener } from './order-completed-listener';
import { orderCreatedListener } from './order-created-listener';

/** Everything the tickets service consumes (DESIGN §5), one listener per subject. */
export const listeners = [orderCreatedListener, orderCancelledListener, orderCompletedListener] as const;
