import type { RequestHandler } from 'express';
import { newId } from '../ids';
import type { StripeFakeLogger } from '../logger';

/**
 * Gives each request Stripe's `Request-Id` header (`req_...`) and logs one line when it ends, with that id as
 * `reqId`. The Authorization header is never logged.
 */
export function requestLog(logger: StripeFakeLogger): RequestHandler {
  return (req, res, next) => {
    const reqId = newId('req', 14);
    const started = process.hrtime.bigint();
    res.locals['requestId'] = reqId;
    res.set('Request-Id', reqId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const replayed = res.get('Idempotent-Replayed') === 'true';
      logger.info(
        {
          reqId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ...(req.get('idempotency-key') !== undefined && { idempotencyKey: req.get('idempotency-key') }),
          ...(replayed && { replayed }),
        },
        'request',
      );
    });
    next();
  };
}
