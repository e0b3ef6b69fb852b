import { authedUser, entityIdFor, idempotencyKeyOf, parseBody, requireAuth } from '@ticketing/common';
import { Router } from 'express';
import { createTicket } from '../models/create-ticket';
import { EventIdField } from './event-fields';
import { TicketBody } from './ticket-fields';

/** A listing: the seed's title and price, and optionally the event it is for (DESIGN §12). */
const CreateTicketBody = TicketBody.extend({ eventId: EventIdField.optional() });

/**
 * POST /api/tickets: the signed-in user lists a ticket; 201 with the ticket at version 0. A retry with the same
 * Idempotency-Key gets the same ticket, never a second one. With `eventId`, for that event (DESIGN §12: `title` is
 * then the seat): 400 naming `eventId` when there is no such event, 409 when it is cancelled or has started.
 */
export const createTicketRouter = Router().post('/api/tickets', requireAuth, async (req, res) => {
  const body = parseBody(CreateTicketBody, req);
  const userId = authedUser(req).id;
  const id = await entityIdFor('create-ticket', { userId, key: idempotencyKeyOf(req), body });
  res.status(201).json(await createTicket({ id, ...body, userId }));
});
