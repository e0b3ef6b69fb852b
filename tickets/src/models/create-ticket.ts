import { BadRequestError, ConflictError, type EntityId, isDuplicateKeyError } from '@ticketing/common';
import { Event, type EventDoc, hasStarted } from './event';
import { tickets, type TicketEventSnapshot, toTicketJson, type TicketJson } from './ticket';
import { ticketCreatedEvent } from './ticket-events';
import { withdrawTicket } from './withdraw-listings';

/**
 * Lists a new ticket under `id`: version 0 and its TicketCreated event, stored by one insert (so the event cannot be
 * lost). An `id` already stored is a retry of this seller's request (the id comes from its Idempotency-Key): the
 * ticket as stored is the answer, not a duplicate.
 *
 * With `eventId` the ticket is listed for that event (DESIGN §12; `title` is then the seller's note on the seat):
 * 400 naming `eventId` for an unknown event, 409 once it is cancelled or has started (decided now, from our own
 * data). The event is read again after the insert, because a cancellation stored between the first read and the
 * insert may have had its listings withdrawn already (withdraw-listings.ts) without this one: then this request
 * withdraws its ticket itself and answers 409. Either the withdrawal's search runs after the insert and finds the
 * ticket, or this second read runs after the cancellation and sees it.
 */
export async function createTicket(input: {
  id: EntityId;
  title: string;
  price: number;
  userId: string;
  eventId?: string;
}): Promise<TicketJson> {
  const { id: entityId, eventId, ...fields } = input;
  const { id } = entityId;
  const event = eventId === undefined ? undefined : await openEvent(eventId);
  const state = { ...fields, ...(event && { event: snapshotOf(event) }) };
  let stored;
  try {
    stored = await tickets.insert({ _id: id, ...state }, [ticketCreatedEvent(id, state)]);
  } catch (error) {
    // Not only a request that knows it is a retry: two requests with one key race, and the one that found the key
    // taken (the retry) may store the ticket before the one that took it, which then meets it here.
    if (!isDuplicateKeyError(error)) throw error;
    const first = await tickets.find(id);
    // entityIdFor binds the id to this seller and body; anything else would be a bug, not a retry.
    if (!first || first.userId !== input.userId) throw error;
    return toTicketJson(first);
  }
  if (
    eventId !== undefined &&
    (await Event.findById(eventId, { status: 1 }).lean<EventDoc>().exec())?.status !== 'scheduled'
  ) {
    await withdrawTicket(id);
    throw new ConflictError('The event was cancelled');
  }
  return toTicketJson(stored);
}

/** The event a ticket may be listed for now: 400 unknown (naming `eventId`), 409 cancelled or started. */
async function openEvent(eventId: string): Promise<EventDoc> {
  const event = await Event.findById(eventId, { outbox: 0, listings: 0 }).lean<EventDoc>().exec();
  if (!event) throw new BadRequestError('No such event', 'eventId');
  if (event.status === 'cancelled') throw new ConflictError('The event was cancelled');
  if (hasStarted(event)) throw new ConflictError('The event has started');
  return event;
}

function snapshotOf(event: EventDoc): TicketEventSnapshot {
  return {
    id: event._id,
    title: event.title,
    venue: event.venue,
    city: event.city,
    startsAt: event.startsAt,
    status: event.status,
    ...(event.onSaleAt && { onSaleAt: event.onSaleAt }),
    waitingRoom: event.waitingRoom,
    ...(typeof event.queueMinutes === 'number' && { queueMinutes: event.queueMinutes }),
  };
}
