import { z } from 'zod';
import { defineEvent } from './define-event';
import { EventOnSale, ObjectIdString, Version } from './fields';

export const EventCreatedData = z.object({
  id: ObjectIdString,
  version: Version,
  title: z.string().min(1).max(200),
  startsAt: z.iso.datetime(),
  ...EventOnSale.shape,
});
export type EventCreatedData = z.infer<typeof EventCreatedData>;

export const EventCreated = defineEvent({
  name: 'EventCreated',
  subject: 'event.created',
  schema: EventCreatedData,
  description: 'An event was added to the catalogue, with its on-sale rules (DESIGN §12, §13).',
  example: {
    id: '64b7f0c2a1b2c3d4e5f60720',
    version: 0,
    title: 'Rock Night',
    startsAt: '2027-01-15T20:00:00.000Z',
    onSaleAt: '2026-12-15T10:00:00.000Z',
    waitingRoom: true,
    admitPerMinute: 100,
    queueMinutes: 30,
  },
});
