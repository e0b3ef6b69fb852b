import { UserCreated } from '@ticketing/common';

/** What auth publishes (DESIGN §5), through the outbox of `users`; the flow map reads this. */
export const publishes = [UserCreated] as const;
export { listeners } from './listeners';
