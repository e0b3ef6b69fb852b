import { defineListener, EventCancelled } from '@ticketing/common';
import { cancelRoom } from '../../rooms/rooms';
import { roomStore } from '../../rooms/room-store';

/**
 * An admin cancelled an event (DESIGN §12): its room closes for good, and everyone in it sees closed "cancelled".
 * Kept even when it comes before the event's EventCreated (another durable), which then makes a closed room.
 */
export const eventCancelledListener = defineListener({
  event: EventCancelled,
  async handle(data) {
    await cancelRoom(roomStore().redis, data.id);
  },
});
