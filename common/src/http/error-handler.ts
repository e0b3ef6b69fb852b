import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import { ServiceUnavailableError, TooManyRequestsError } from '../errors/http-errors';

/** body-parser's errors carry a `type`; they are the client's fault, never a 500. */
function bodyParserStatus(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch ((error as { type: unknown }).type) {
    case 'entity.parse.failed':
      return { status: 400, message: 'Request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, message: 'Request body too large' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: 'Unsupported body encoding' };
    case 'request.aborted':
      return { status: 400, message: 'Request aborted' };
    default:
      return undefined;
  }
}

/** The 4xx status of an http-errors error (`status`/`statusCode`) that is not ours, if any. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}

/** The driver losing or not finding the database: temporary, not a bug (the client may retry). */
const TRANSIENT_DATABASE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
]);

function isTransientDatabaseError(error: unknown): boolean {
  return error instanceof Error && TRANSIENT_DATABASE_ERRORS.has(error.name);
}

/**
 * The one error handler (STYLE, Errors): an {@link AppError} becomes its status and `{ errors }`; a URIError 400
 * `Malformed URL`; a body-parser or other http-errors 4xx keeps its status (400, 413, 415…); a database that cannot
 * be reached 503 with Retry-After; anything else is a bug, logged with its stack and answered 500 "Something went
 * wrong", so no internals reach the client.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof AppError) {
      const retryAfter =
        error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError
          ? error.retryAfterSeconds
          : undefined;
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
      res.status(error.status).json({ errors: error.serialize() });
      return;
    }
    if (error instanceof URIError) {
      // Express could not decode a path parameter (`/api/tickets/%zz`): the client's malformed URL, not our bug.
      res.status(400).json({ errors: [{ message: 'Malformed URL' }] });
      return;
    }
    const parserError = bodyParserStatus(error);
    if (parserError) {
      res.status(parserError.status).json({ errors: [{ message: parserError.message }] });
      return;
    }
    const clientStatus = clientErrorStatus(error);
    if (clientStatus) {
      // A 4xx raised by Express or body-parser themselves (http-errors), e.g. a body that fails to decompress.
      res.status(clientStatus).json({ errors: [{ message: 'Malformed request' }] });
      return;
    }
    if (isTransientDatabaseError(error)) {
      // The database is unreachable for a moment (a restart, a failover): the client may retry, nothing broke.
      (req.log ?? log).warn({ err: error }, 'database unavailable');
      res.setHeader('Retry-After', '1');
      res.status(503).json({ errors: [{ message: 'Service busy, please retry' }] });
      return;
    }
    (req.log ?? log).error({ err: error }, 'unhandled error');
    res.status(500).json({ errors: [{ message: 'Something went wrong' }] });
  };
}
