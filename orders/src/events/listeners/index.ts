import type { Listener } from '@ticketing/common';
import { chargeCreatedListener } from './charge-created-listener';
import { chargeDisputedListener } from './charge-disputed-listener';
import { chargeRefundedListener } from './charge-refunded-listener';
import { eventCancelledListener } from './event-cancelled-listener';
import { orderExpiredListener } from './order-expired-listener';
import { reservationRefusedListener } from './reservation-refused-listener';
import { ticketCreatedListener } from './ticket-created-listener';
import { ticketUpdatedListener } from './ticket-updated-listener';
import { userCreatedListener } from './user-created-listener';

/** What orders consumes (DESIGN §5, §12, §16), one listener per subject. */
export const listeners: readonly Listener[] = [
  ticketCreatedListener,
  ticketUpdatedListener,
  orderExpiredListener,
  chargeCreatedListener,
  reservationRefusedListener,
  eventCancelledListener,
  userCreatedListener,
  chargeRefundedListener,
  chargeDisputedListener,
];
