import { defineListener, EventCreated } from '@ticketing/common';
import { defineRoom } from '../../rooms/rooms';
import { roomStore } from '../../rooms/room-store';

/**
 * An event was added (DESIGN §12): if it has a waiting room, its room is made, open from onSaleAt − PREQUEUE_MINUTES
 * to onSaleAt + queueMinutes (DESIGN §13). Made once: a redelivered or republished EventCreated changes nothing.
 */
export const eventCreatedListener = defineListener({
  event: EventCreated,
  async handle(data, { log }) {
    const { redis, prequeueMinutes } = roomStore();
    if (await defineRoom(redis, data, prequeueMinutes)) log.info({ eventId: data.id }, 'waiting room made');
  },
});
