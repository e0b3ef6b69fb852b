import { OrderExpired } from '@ticketing/common';

export { listeners } from './listeners';

/** What the expiration service publishes (DESIGN §5): OrderExpired, from the worker in `queues/expire-order-job.ts`. */
export const publishes = [OrderExpired] as const;
