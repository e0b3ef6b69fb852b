import { z } from 'zod';

/** A MongoDB ObjectId as a 24-hex-digit string: every entity id in the system. */
export const ObjectIdString = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex ObjectId');

/**
 * An email as accounts are keyed: trimmed and lower-cased before it is checked, so " Ana@Example.com" and
 * "ana@example.com" are one account. The format is UserCreated's (z.email), so a valid signup always makes a valid
 * event, and orders finds a user by it from its users replica (DESIGN §12) as auth does.
 */
export const AccountEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email'));

/** The optimistic-concurrency counter of an entity: 0 on creation, +1 on every change. */
export const Version = z.number().int().min(0);

/**
 * A price in dollars: positive, at most 2 decimals, at most 100,000 (DESIGN §3, §10). Checked on cents so that
 * 19.99 (which is 19.989999… in binary) is accepted and 19.999 is not.
 */
export const Price = z
  .number()
  .positive('must be > 0')
  .min(0.01, 'must be at least 0.01')
  .max(100_000, 'must be at most 100000')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'must have at most 2 decimals');

/** Order statuses (DESIGN §4), defined once for every service. */
export const OrderStatus = z.enum(['created', 'cancelled', 'awaiting:payment', 'completed']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Charge statuses (DESIGN §4). */
export const ChargeStatus = z.enum(['created', 'failed', 'completed']);
export type ChargeStatus = z.infer<typeof ChargeStatus>;

/**
 * An event's on-sale rules (DESIGN §12, §13), set by admins only: no order before `onSaleAt`; with `waitingRoom`, a
 * queue opens `queueMinutes` before it and admits `admitPerMinute` buyers a minute.
 */
export const EventOnSale = z.object({
  onSaleAt: z.iso.datetime().optional(),
  waitingRoom: z.boolean(),
  admitPerMinute: z.number().int().min(1).max(100_000).optional(),
  queueMinutes: z.number().int().min(1).max(1440).optional(),
});

/**
 * The event a ticket is listed for, as tickets' events carry it (DESIGN §12): enough for orders to close sales at
 * `startsAt` and enforce the on-sale from its own replica, without a call. Absent for a seed-style ticket.
 */
export const TicketEvent = z.object({
  id: ObjectIdString,
  /** What the door shows on entry (orders, DESIGN §12); optional: events sent before it was carried lack it. */
  title: z.string().min(1).max(200).optional(),
  startsAt: z.iso.datetime(),
  ...EventOnSale.omit({ admitPerMinute: true }).shape,
});
export type TicketEvent = z.infer<typeof TicketEvent>;
