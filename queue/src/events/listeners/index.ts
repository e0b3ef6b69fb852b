import type { Listener } from '@ticketing/common';
import { eventCancelledListener } from './event-cancelled-listener';
import { eventCreatedListener } from './event-created-listener';
import { ticketCreatedListener } from './ticket-created-listener';
import { ticketUpdatedListener } from './ticket-updated-listener';

/**
 * What queue consumes, one listener per subject: the rooms (DESIGN §12, §13), and its tickets' states for the
 * sell-out (a deviation from §12's table, tools/src/design-deviations.ts).
 */
export const listeners: readonly Listener[] = [
  eventCreatedListener,
  eventCancelledListener,
  ticketCreatedListener,
  ticketUpdatedListener,
];
