import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Price, TicketEvent, Version } from './fields';

export const TicketUpdatedData = z.object({
  id: ObjectIdString,
  version: Version,
  title: z.string().min(1).max(120),
  price: Price,
  userId: ObjectIdString,
  /** The event the ticket is for; absent for a ticket listed without one (the seed's "Other listings"). */
  event: TicketEvent.optional(),
  /** Set while an order holds the ticket (reserved or sold). */
  orderId: ObjectIdString.optional(),
  /** True once the holding order is completed. */
  sold: z.boolean().optional(),
  /**
   * True once the ticket is withdrawn from sale (its event was cancelled, DESIGN §12): it can no longer be ordered,
   * whatever else it says. Absent before withdrawal.
   */
  withdrawn: z.boolean().optional(),
});
export type TicketUpdatedData = z.infer<typeof TicketUpdatedData>;

export const TicketUpdated = defineEvent({
  name: 'TicketUpdated',
  subject: 'ticket.updated',
  schema: TicketUpdatedData,
  description:
    'A ticket changed: edited by its seller, reserved or released by an order, sold, or withdrawn (its event was cancelled).',
  example: {
    id: '64b7f0c2a1b2c3d4e5f60719',
    version: 1,
    title: 'Rock Concert',
    price: 90,
    userId: '64b7f0c2a1b2c3d4e5f60718',
    event: { id: '64b7f0c2a1b2c3d4e5f60720', startsAt: '2027-01-15T20:00:00.000Z', waitingRoom: false },
  },
});
