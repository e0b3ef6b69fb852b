import { OrderCancelled, OrderCompleted, OrderCreated } from '@ticketing/common';
export { listeners } from './listeners';

/** What orders publishes (read by the event-flow map; checked against DESIGN §5). */
export const publishes = [OrderCreated, OrderCancelled, OrderCompleted] as const;
