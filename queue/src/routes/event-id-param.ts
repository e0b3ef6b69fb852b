import { BadRequestError, isObjectId } from '@ticketing/common';

/** The event id of a queue path, lower-cased; anything but an ObjectId is a 400 naming `eventId` (DESIGN §13). */
export function eventIdParam(value: unknown): string {
  if (!isObjectId(value)) throw new BadRequestError('Must be an event id', 'eventId');
  return value.toLowerCase();
}
