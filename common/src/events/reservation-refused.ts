import { z } from 'zod';
import { defineEvent } from './define-event';
import { ObjectIdString, Version } from './fields';

/**
 * Why tickets refused to reserve a ticket for an order. `ticket-changed`: the seller edited the ticket (its price)
 * after the order read it, so the order shows a price the ticket no longer has (DESIGN §16).
 */
export const ReservationRefusedReason = z.enum(['ticket-changed']);
export type ReservationRefusedReason = z.infer<typeof ReservationRefusedReason>;

export const ReservationRefusedData = z.object({
  orderId: ObjectIdString,
  /** The ticket at the version tickets decided on: the one whose state the order does not match. */
  ticket: z.object({ id: ObjectIdString, version: Version }),
  reason: ReservationRefusedReason,
});
export type ReservationRefusedData = z.infer<typeof ReservationRefusedData>;

export const ReservationRefused = defineEvent({
  name: 'ReservationRefused',
  subject: 'ticket.reservation-refused',
  schema: ReservationRefusedData,
  description:
    'Tickets refused to reserve a ticket for an order (the seller changed it first): orders cancels the order with the reason, so it is never paid.',
  example: {
    orderId: '64b7f0c2a1b2c3d4e5f6071a',
    ticket: { id: '64b7f0c2a1b2c3d4e5f60719', version: 1 },
    reason: 'ticket-changed',
  },
});

/** The event id of a refusal follows from the order (one reservation per order), so a redecision stores it once. */
export function reservationRefusedEventId(orderId: string): string {
  return `ticket.reservation-refused:${orderId}`;
}
