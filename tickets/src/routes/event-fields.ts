import { type EventCategory, EventOnSale, ObjectIdString, pageLimit } from '@ticketing/common';
import { z } from 'zod';
import { cityKeyOf, wordsOf } from '../models/event-words';
import { decodeCursor } from '../models/page-cursor';

/** The categories of DESIGN §12; `satisfies` keeps them equal to common's EventCategory. */
export const EVENT_CATEGORIES = [
  'concert',
  'sports',
  'theatre',
  'comedy',
  'festival',
  'other',
] as const satisfies readonly EventCategory[];

const Category = z.enum(EVENT_CATEGORIES, { error: `must be one of ${EVENT_CATEGORIES.join(', ')}` });

function isDate(value: unknown): value is Date {
  return value instanceof Date;
}

/** How far ahead an event may start (DESIGN §12). */
const TWO_YEARS_MS = 2 * 366 * 24 * 3600_000;

/** A text field of an event: trimmed, not empty, under 200 characters (DESIGN §12). */
const Text = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(199, 'must be under 200 characters');

const IsoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).transform((s) => new Date(s));

/**
 * POST /api/events's body (DESIGN §12); `minLeadSeconds` is EVENTS_MIN_LEAD_SECONDS. `startsAt` from that far ahead
 * to two years; the on-sale fields as common's EventOnSale, `onSaleAt` before the start and required by a waiting
 * room. Who may set the on-sale fields is the route's check (403), not a 400.
 */
export function eventBody(minLeadSeconds: number, now = Date.now()) {
  return (
    z
      .object({
        title: Text,
        venue: Text,
        city: Text,
        startsAt: IsoDate.refine(
          (date) => date.getTime() >= now + minLeadSeconds * 1_000,
          `must be at least ${minLeadSeconds} seconds from now`,
        ).refine((date) => date.getTime() <= now + TWO_YEARS_MS, 'must be within two years'),
        category: Category,
        onSaleAt: IsoDate.refine((date) => date.getTime() >= now, 'must not be in the past').optional(),
        waitingRoom: z.boolean({ error: 'must be true or false' }).optional(),
        admitPerMinute: EventOnSale.shape.admitPerMinute,
        queueMinutes: EventOnSale.shape.queueMinutes,
      })
      // Zod runs an object's refinement even when a field failed (its raw value then stands in): only compare dates.
      .refine((body) => !isDate(body.onSaleAt) || !isDate(body.startsAt) || body.onSaleAt < body.startsAt, {
        message: 'must be before startsAt',
        path: ['onSaleAt'],
      })
      // A room opens from its on-sale time: without one it would never open (issue 27).
      .refine((body) => body.waitingRoom !== true || body.onSaleAt !== undefined, {
        message: 'A waiting room needs an on-sale time',
        path: ['onSaleAt'],
      })
  );
}

/** The on-sale fields, which only an admin may set (DESIGN §12: 403 naming the field). */
export const ON_SALE_FIELDS = ['onSaleAt', 'waitingRoom', 'admitPerMinute', 'queueMinutes'] as const;

/** `limit` of an events page or an event's tickets: default 20, at most 100 (DESIGN §12). */
const Limit = pageLimit(20);

/** A query parameter given once (`?q=a&q=b` is an array to Express: a 400, never a crash). */
const One = z.string({ error: 'must be given once, as text' });

/** GET /api/events's query (DESIGN §12); `from` defaults to now, so started events are hidden unless asked for. */
export function listEventsQuery(now = new Date()) {
  return z
    .object({
      q: One.max(200, 'must be under 200 characters').optional(),
      category: Category.optional(),
      city: One.trim().min(1, 'must not be empty').max(199, 'must be under 200 characters').optional(),
      from: One.pipe(IsoDate).optional(),
      to: One.pipe(IsoDate).optional(),
      limit: Limit,
      after: One.transform((cursor, ctx) => {
        const decoded = decodeCursor(cursor);
        const startsAt = typeof decoded?.[0] === 'string' ? new Date(decoded[0]) : undefined;
        if (!decoded || !startsAt || Number.isNaN(startsAt.getTime())) {
          ctx.addIssue({ code: 'custom', message: 'must be a cursor from a previous page' });
          return z.NEVER;
        }
        return { startsAt, id: decoded[1] };
      }).optional(),
    })
    .refine((query) => !isDate(query.from) || !isDate(query.to) || query.from <= query.to, {
      message: 'must not be after to',
      path: ['from'],
    })
    .transform(({ q, city, from, ...rest }) => ({
      ...rest,
      words: q === undefined ? [] : wordsOf(q),
      ...(city !== undefined && { cityKey: cityKeyOf(city) }),
      from: from ?? now,
    }));
}

/** GET /api/events/:id/tickets's query: `limit` (default 20, at most 100) and the `after` cursor. */
export const EventTicketsQuery = z.object({
  limit: Limit,
  after: One.transform((cursor, ctx) => {
    const decoded = decodeCursor(cursor);
    if (!decoded || typeof decoded[0] !== 'number' || !Number.isFinite(decoded[0])) {
      ctx.addIssue({ code: 'custom', message: 'must be a cursor from a previous page' });
      return z.NEVER;
    }
    return { price: decoded[0], id: decoded[1] };
  }).optional(),
});

/** An event id in a body (POST /api/tickets `eventId`). */
export const EventIdField = ObjectIdString.transform((id) => id.toLowerCase());
