import { defineListener, TicketCreated } from '@ticketing/common';
import { applyTicket } from '../../rooms/rooms';
import { roomStore } from '../../rooms/room-store';

/**
 * A ticket was listed: for an event with a waiting room it counts as unsold, so the room stays open (the room closes
 * at sell-out, DESIGN §13). Other tickets are not kept.
 */
export const ticketCreatedListener = defineListener({
  event: TicketCreated,
  async handle(data) {
    if (data.event?.waitingRoom) await applyTicket(roomStore().redis, data, data.event);
  },
});
