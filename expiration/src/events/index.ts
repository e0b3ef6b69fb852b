import { OrderExpired } from '@ticketing/common';

/** What expiration publishes (DESIGN §5), from the worker in `queues/expire-order-job.ts`; the flow map reads this. */
export const publishes = [OrderExpired] as const;
export { listeners } from './listeners';
