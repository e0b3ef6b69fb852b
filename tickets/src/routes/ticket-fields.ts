import { Price, isObjectId, NotFoundError } from '@ticketing/common';
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';

/** A ticket's title and price as a seller sends them (POST and PUT): z.object, so unknown keys are dropped. */
export const TicketBody = z.object({
  title: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters'),
  // The floor of 0.01 is ours: common's Price checks decimals with a 1e-6 tolerance on cents, so on its own it
  // lets through 1e-9 or Number.MIN_VALUE (positive, and "0.00" cents within the tolerance).
  price: z.number({ error: 'must be a number' }).min(0.01, 'must be at least 0.01').pipe(Price),
});

/**
 * The ticket id of a path, lower-cased (ids are stored as produced by ObjectId, in lower case). Anything that is not
 * an ObjectId is a ticket that does not exist: 404, never a query with a stranger's string in it.
 */
export function ticketIdParam(value: unknown): string {
  if (!isObjectId(value)) throw new NotFoundError('ticket');
  return value.toLowerCase();
}

/**
 * An `:id` that is not valid percent-encoding (`/api/tickets/%zz`) makes Express's router throw while matching, before
 * any handler runs, with a URIError that common's error handler would answer 500. Only a handler in the same router
 * sees that error (a mounted router never receives errors), so each router with an `:id` route ends with this one:
 * a malformed id is a ticket that does not exist, 404 (STYLE, Errors).
 */
export const undecodableTicketId: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  next(error instanceof URIError ? new NotFoundError('ticket') : error);
};
