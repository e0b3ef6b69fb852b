import type { ErrorRequestHandler } from 'express';
import { NotFoundError } from '../errors';
import { isObjectId } from './ids';

/**
 * The id in a path, lower-cased (ids are stored as ObjectId produces them, in lower case). Anything that is not an
 * ObjectId is a `resource` that does not exist: 404 (STYLE, Errors), never a query with a stranger's string in it.
 */
export function idParam(value: unknown, resource: string): string {
  if (!isObjectId(value)) throw new NotFoundError(resource);
  return value.toLowerCase();
}

/**
 * The error handler each router with an `:id` route ends with. An `:id` that is not valid percent-encoding
 * (`/api/orders/%zz`) makes Express's router throw a URIError while matching, before any handler runs, and only a
 * handler in the same router sees it (a mounted router never receives errors): that id, like any other that is not
 * an ObjectId, is a `resource` that does not exist, 404. Elsewhere the error handler answers 400 `Malformed URL`.
 */
export function undecodableIdIsNotFound(resource: string): ErrorRequestHandler {
  return (error: unknown, _req, _res, next) => {
    next(error instanceof URIError ? new NotFoundError(resource) : error);
  };
}
