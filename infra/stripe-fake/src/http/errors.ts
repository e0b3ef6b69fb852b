import type { ErrorRequestHandler, RequestHandler } from 'express';
import { invalidRequest, StripeApiError } from '../errors';
import type { StripeFakeLogger } from '../logger';

/** Stripe's answer to a URL it does not serve; the fake also gives it for Stripe endpoints it does not implement. */
export const unrecognizedUrl: RequestHandler = (req, _res, next) => {
  const message =
    `Unrecognized request URL (${req.method}: ${req.path}). ` +
    'Please see https://stripe.com/docs or we can help at https://support.stripe.com/.';
  next(new StripeApiError(404, { type: 'invalid_request_error', message }));
};

const isBodyParserError = (error: unknown): error is { status: number; message: string } =>
  typeof error === 'object' &&
  error !== null &&
  'type' in error &&
  'status' in error &&
  typeof error.status === 'number';

/**
 * Every error leaves as Stripe's error JSON. A StripeApiError keeps its status; an unreadable body is a 400; anything
 * else is a bug in the fake, logged with its stack and answered 500 api_error (the SDK's StripeAPIError).
 */
export function stripeErrorHandler(logger: StripeFakeLogger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let failure: StripeApiError;
    if (error instanceof StripeApiError) failure = error;
    else if (isBodyParserError(error) && error.status < 500)
      failure = invalidRequest(`Invalid request body: ${error.message}`);
    else {
      logger.error({ err: error, reqId: res.locals['requestId'], path: req.path }, 'unexpected error');
      failure = new StripeApiError(500, {
        type: 'api_error',
        message: 'An unknown error occurred in the local Stripe fake.',
      });
    }
    res.status(failure.status).json(failure.toBody());
  };
}
