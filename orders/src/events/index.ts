import { OrderCancelled, OrderCompleted, OrderCreated } from '@ticketing/common';

/** What orders publishes (DESIGN §5), through the outbox of `orders`; the flow map reads this. */
export const publishes = [OrderCreated, OrderCancelled, OrderCompleted] as const;
export { listeners } from './listeners';
