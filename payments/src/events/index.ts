import { ChargeCreated, ChargeDisputed, ChargeRefunded } from '@ticketing/common';

/** What payments publishes (DESIGN §5), through the outbox of `charges`; the flow map reads this. */
export const publishes = [ChargeCreated, ChargeRefunded, ChargeDisputed] as const;
export { listeners } from './listeners';
