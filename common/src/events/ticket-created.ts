import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Price, TicketEvent, Version } from './fields';

export const TicketCreatedData = z.object({
  id: ObjectIdString,
  version: Version,
  title: z.string().min(1).max(120),
  price: Price,
  userId: ObjectIdString,
  /** The event the ticket is for; absent for a ticket listed without one (the seed's "Other listings"). */
  event: TicketEvent.optional(),
});
export type TicketCreatedData = z.infer<typeof TicketCreatedData>;

export const TicketCreated = defineEvent({
  name: 'TicketCreated',
  subject: 'ticket.created',
  schema: TicketCreatedData,
  description: 'A seller listed a ticket.',
  example: {
    id: '64b7f0c2a1b2c3d4e5f60719',
    version: 0,
    title: 'Rock Concert',
    price: 100,
    userId: '64b7f0c2a1b2c3d4e5f60718',
    event: { id: '64b7f0c2a1b2c3d4e5f60720', startsAt: '2027-01-15T20:00:00.000Z', waitingRoom: false },
  },
});
