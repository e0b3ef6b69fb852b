import { type EntityId, isDuplicateKeyError } from '@ticketing/common';
import { tickets, toTicketJson, type TicketJson } from './ticket';
import { ticketCreatedEvent } from './ticket-events';

/**
 * Lists a new ticket under `id`: version 0 and its TicketCreated event, stored by one insert (so the event cannot be
 * lost). An `id` already stored is a retry of this seller's request (the id comes from its Idempotency-Key): the
 * ticket as stored is the answer, not a duplicate.
 */
export async function createTicket(input: {
  id: EntityId;
  title: string;
  price: number;
  userId: string;
}): Promise<TicketJson> {
  const { id: entityId, ...state } = input;
  const { id } = entityId;
  try {
    return toTicketJson(await tickets.insert({ _id: id, ...state }, [ticketCreatedEvent(id, state)]));
  } catch (error) {
    // Not only a request that knows it is a retry: two requests with one key race, and the one that found the key
    // taken (the retry) may store the ticket before the one that took it, which then meets it here.
    if (!isDuplicateKeyError(error)) throw error;
    const first = await tickets.find(id);
    // entityIdFor binds the id to this seller and body; anything else would be a bug, not a retry.
    if (!first || first.userId !== input.userId) throw error;
    return toTicketJson(first);
  }
}
