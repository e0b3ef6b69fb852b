import { defineListener, TicketUpdated } from '@ticketing/common';
import { applyTicket } from '../../rooms/rooms';
import { roomStore } from '../../rooms/room-store';

/**
 * A ticket changed: once every ticket of a room event is sold or withdrawn, its room is sold out and closes
 * (DESIGN §13). A newer version replaces what an older one said, in any arrival order (rooms.ts applyTicket).
 */
export const ticketUpdatedListener = defineListener({
  event: TicketUpdated,
  async handle(data) {
    if (data.event?.waitingRoom) await applyTicket(roomStore().redis, data, data.event);
  },
});
