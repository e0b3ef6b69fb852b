import { AppError, type ErrorItem } from './app-error';

/** 400 with one item per invalid field (from zod issues or hand-made). */
export class RequestValidationError extends AppError {
  readonly status = 400;

  constructor(readonly items: ErrorItem[]) {
    super(items.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '));
  }

  override serialize(): ErrorItem[] {
    return this.items;
  }
}

/** 400 for a request that is well-formed but not acceptable (own ticket, email in use…). */
export class BadRequestError extends AppError {
  readonly status = 400;

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  override serialize(): ErrorItem[] {
    return [this.field ? { message: this.message, field: this.field } : { message: this.message }];
  }
}

/** 401: no valid session. */
export class NotAuthorizedError extends AppError {
  readonly status = 401;
  constructor(message = 'Not authorized') {
    super(message);
  }
}

/** 402: the card was declined; the message is the payment provider's. */
export class PaymentDeclinedError extends AppError {
  readonly status = 402;
}

/** 403: signed in, but the resource belongs to someone else, or the action (or `field`) is an admin's. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(
    message = 'Forbidden',
    readonly field?: string,
  ) {
    super(message);
  }

  override serialize(): ErrorItem[] {
    return [this.field ? { message: this.message, field: this.field } : { message: this.message }];
  }
}

/** 404: `what` names the resource ("ticket", "order"). */
export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(what = 'resource') {
    super(`${what.charAt(0).toUpperCase()}${what.slice(1)} not found`);
  }
}

/** 409: the resource is in a state that forbids the request (reserved, sold, cancelled…). */
export class ConflictError extends AppError {
  readonly status = 409;
}

/** 413: the JSON body is larger than the service accepts. */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(message = 'Request body too large') {
    super(message);
  }
}

/**
 * 429: too many attempts; `retryAfterSeconds`, when waiting is what helps, becomes the Retry-After header (a limit the
 * client lifts by acting, such as paying or cancelling an order, has none).
 */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * 503: a dependency is not available right now, or the service is at a bound it keeps (a full queue); the client may
 * retry, after `retryAfterSeconds` when it is given (sent as Retry-After).
 */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly retryAfterSeconds?: number;

  constructor(message: string, options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
