import type { RequestHandler } from 'express';
import { NotFoundError } from '../errors/http-errors';

/** Unknown routes: 404 in the error shape. */
export const notFound: RequestHandler = (req) => {
  throw new NotFoundError(`route ${req.method} ${req.path}`);
};
