import type { Request } from 'express';
import type { z } from 'zod';
import { RequestValidationError } from '../errors/http-errors';

function fail(issues: readonly z.core.$ZodIssue[]): never {
  throw new RequestValidationError(
    issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return field ? { message: issue.message, field } : { message: issue.message };
    }),
  );
}

/**
 * Parses the JSON body with a zod schema (z.object strips unknown keys, so `$where` or a forged `userId` never reach
 * a query). Throws {@link RequestValidationError} (400) with one item per bad field.
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) fail(result.error.issues);
  return result.data;
}

/** Parses the query string the same way (400 on a bad field). */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.query);
  if (!result.success) fail(result.error.issues);
  return result.data;
}
