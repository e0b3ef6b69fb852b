// Adapts an Operation to Express: builds its context, runs it (under the idempotency key for a POST that has one),
// and sends Stripe's headers with the reply.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import { StripeApiError } from '../errors';
import type { Operation } from '../operation';
import type { StripeState } from '../state';
import { DEFAULT_STRIPE_VERSION } from '../version';
import type { IdempotencyStore, SerializedReply } from './idempotency';

export interface EndpointDeps {
  state: StripeState;
  idempotency: IdempotencyStore;
  /** How long each request takes, as a real call to Stripe does; 0 in most tests. */
  latencyMs: number;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The request's params without `key`, which is how Stripe.js passes its publishable key (authenticate.ts). */
function paramsOf(req: Request): unknown {
  const params: unknown = req.method === 'GET' ? req.query : req.body;
  if (typeof params !== 'object' || params === null || !('key' in params)) return params;
  const { key: _key, ...rest } = params as Record<string, unknown>;
  return rest;
}

/** Runs an operation and serializes its reply or its Stripe error; any other throw is a bug and propagates. */
function execute(operation: Operation, deps: EndpointDeps, req: Request, res: Response): SerializedReply {
  try {
    const reply = operation({
      state: deps.state,
      now: nowSeconds(),
      params: paramsOf(req),
      id: typeof req.params['id'] === 'string' ? req.params['id'] : '',
      stripeVersion: req.get('stripe-version') ?? DEFAULT_STRIPE_VERSION,
      origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      publishable: res.locals['publishable'] === true,
      request: { id: String(res.locals['requestId']), idempotency_key: req.get('idempotency-key') ?? null },
    });
    return { status: reply.status, body: JSON.stringify(reply.body), storable: true };
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    return { status: error.status, body: JSON.stringify(error.toBody()), storable: !error.beforeExecution };
  }
}

function send(res: Response, reply: SerializedReply): void {
  res.status(reply.status).type('application/json').send(reply.body);
}

const SECRET_KEY_ONLY =
  'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of ' +
  'your API keys at https://dashboard.stripe.com/account/apikeys.';

/**
 * An endpoint of the fake. `publishable: true` lets a publishable key call it (the operation then checks the
 * client_secret); every other endpoint answers such a key 401, as Stripe does.
 */
export function stripeEndpoint(
  operation: Operation,
  deps: EndpointDeps,
  options: { publishable?: boolean } = {},
): RequestHandler {
  return async (req, res) => {
    if (res.locals['publishable'] === true && options.publishable !== true) {
      throw new StripeApiError(401, { type: 'invalid_request_error', message: SECRET_KEY_ONLY });
    }
    const run = async (): Promise<SerializedReply> => {
      if (deps.latencyMs > 0) await sleep(deps.latencyMs);
      return execute(operation, deps, req, res);
    };
    res.set('Stripe-Version', req.get('stripe-version') ?? DEFAULT_STRIPE_VERSION);
    const key = req.get('idempotency-key');
    // Stripe ignores idempotency keys on GET and DELETE: those are idempotent by definition.
    if (req.method !== 'POST' || key === undefined || key === '') {
      send(res, await run());
      return;
    }
    res.set('Idempotency-Key', key);
    const outcome = await deps.idempotency.run(
      {
        scope: String(res.locals['apiKey']),
        key,
        endpoint: `${req.baseUrl}${req.path}`,
        params: req.body,
        requestId: String(res.locals['requestId']),
        now: nowSeconds(),
      },
      run,
    );
    if (outcome.originalRequestId !== undefined) {
      res.set('Idempotent-Replayed', 'true').set('Original-Request', outcome.originalRequestId);
    }
    send(res, outcome.reply);
  };
}
