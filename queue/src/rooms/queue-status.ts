import { signQueuePass, type QueueStatusJson } from '@ticketing/common';
import type { Place, RoomFacts } from './rooms';

/** The pass id of an admission: its event and its position, which a buyer holds once (a new place is a new pass). */
export function passIdOf(eventId: string, position: number): string {
  return `${eventId}:${position}`;
}

/**
 * The JSON answer of a place (DESIGN §13). An admitted buyer gets a pass signed with QUEUE_PASS_KEY for this user
 * and event, expiring with the admission, under the admission's stable id (orders counts its uses by it). The
 * estimated wait is the people ahead at the room's rate. Undefined for 'absent' (the buyer has no place).
 */
export function statusJson(
  place: Place,
  room: RoomFacts,
  who: { eventId: string; userId: string; passKey: string },
): QueueStatusJson | undefined {
  const onSaleAt = room.onSaleAt.toISOString();
  switch (place.state) {
    case 'absent':
      return undefined;
    case 'closed':
      return { status: 'closed', onSaleAt, reason: place.reason };
    case 'prequeue':
      return { status: 'prequeue', onSaleAt };
    case 'waiting':
      return {
        status: 'waiting',
        position: place.position,
        ahead: place.ahead,
        estimatedWaitSeconds: Math.ceil((place.ahead * 60) / room.admitPerMinute),
        onSaleAt,
      };
    case 'admitted':
      return {
        status: 'admitted',
        position: place.position,
        pass: signQueuePass(
          {
            eventId: who.eventId,
            userId: who.userId,
            expiresAt: place.passExpiresAt,
            id: passIdOf(who.eventId, place.position),
          },
          who.passKey,
        ),
        passExpiresAt: place.passExpiresAt.toISOString(),
        onSaleAt,
      };
    case 'expired':
      return {
        status: 'expired',
        position: place.position,
        passExpiresAt: place.passExpiresAt.toISOString(),
        onSaleAt,
      };
  }
}
