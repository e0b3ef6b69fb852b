import { ObjectIdString, parseQuery } from '@ticketing/common';
import { Router } from 'express';
import { z } from 'zod';
import { listTickets } from '../models/find-tickets';

/** `limit` and `before` of a page of tickets (shared by the list and the seller's own list). */
export const ListTicketsQuery = z.object({
  // Digits only: z.coerce.number would take " 5", "0x10" and "1e1".
  limit: z
    .string({ error: 'must be a whole number from 1 to 100' })
    .regex(/^\d{1,6}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .optional()
    .default(50),
  before: z
    .string({ error: 'must be a ticket id' })
    .pipe(ObjectIdString)
    .transform((id) => id.toLowerCase())
    .optional(),
});

/** GET /api/tickets: newest first, `limit` (default 50, at most 100), `before=<id>` for the next page. */
export const listTicketsRouter = Router().get('/api/tickets', async (req, res) => {
  const query = parseQuery(ListTicketsQuery, req);
  res.json(await listTickets(query));
});
