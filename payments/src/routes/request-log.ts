import type { Logger } from '@ticketing/common';
import type { Request } from 'express';

/** The request's logger (pino-http's `req.log`, with its reqId), typed here without depending on pino-http. */
export function requestLog(req: Request, fallback: Logger): Logger {
  return (req as Request & { log?: Logger }).log ?? fallback;
}
