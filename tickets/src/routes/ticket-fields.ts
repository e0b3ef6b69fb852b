import { Price } from '@ticketing/common';
import { z } from 'zod';

/** The range of a ticket's price in dollars (DESIGN §3, §10); the client's ticket form says the same. */
export const MIN_TICKET_PRICE = 0.5;
export const MAX_TICKET_PRICE = 100_000;

/** A ticket's title and price as a seller sends them (POST and PUT): z.object, so unknown keys are dropped. */
export const TicketBody = z.object({
  title: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters'),
  // A listing's floor is $0.50, Stripe's minimum charge (DESIGN §10): a cheaper ticket could be ordered but never
  // paid for. Events keep common's wider Price (0.01 and up), so an event stored before this floor still parses.
  price: z
    .number({ error: 'must be a number' })
    .min(MIN_TICKET_PRICE, 'must be from 0.50 to 100000')
    .max(MAX_TICKET_PRICE, 'must be from 0.50 to 100000')
    .pipe(Price),
});
