// Stripe's error JSON (https://docs.stripe.com/api/errors): `{ error: { type, code?, decline_code?, message, param?,
// doc_url?, ... } }` with 400 (bad request), 401 (bad key), 402 (card declined), 404 (unknown object in the URL) or
// 500 (api_error: here, a bug in the fake).
// The SDK picks its error class from the HTTP status and `type`, so both must match Stripe's exactly.

export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

export interface StripeErrorFields {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  /** The id of the failed charge, on card errors. */
  charge?: string;
  /** The PaymentIntent as it is after the failure, on card errors and unexpected-state errors. */
  payment_intent?: object;
  payment_method?: object;
}

export interface StripeApiErrorOptions {
  /**
   * Stripe stores an idempotent result only once the endpoint began executing: a request that failed parameter
   * validation is not stored, so a retry with the same key runs afresh
   * (https://docs.stripe.com/api/idempotent_requests).
   */
  beforeExecution?: boolean;
}

/** A failure answered as Stripe would answer it: an HTTP status and Stripe's error body. */
export class StripeApiError extends Error {
  override readonly name = 'StripeApiError';
  readonly beforeExecution: boolean;

  constructor(
    readonly status: 400 | 401 | 402 | 404 | 500,
    readonly fields: StripeErrorFields,
    options: StripeApiErrorOptions = {},
  ) {
    super(fields.message);
    this.beforeExecution = options.beforeExecution ?? false;
  }

  toBody(): { error: StripeErrorFields & { doc_url?: string } } {
    const { code } = this.fields;
    // Stripe links every coded error to its page, with the code's underscores as dashes.
    const docUrl = code === undefined ? undefined : `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
    return { error: { ...this.fields, ...(docUrl !== undefined && { doc_url: docUrl }) } };
  }
}

export function invalidRequest(
  message: string,
  extra: Omit<StripeErrorFields, 'type' | 'message'> = {},
  options: StripeApiErrorOptions = {},
): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', message, ...extra }, options);
}

/** `No such payment_intent: 'pi_123'`: 404 when the id is in the URL, 400 when it is a parameter. */
export function resourceMissing(kind: string, id: string, param: string, status: 400 | 404): StripeApiError {
  return new StripeApiError(status, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

export function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'idempotency_error', message }, { beforeExecution: true });
}
