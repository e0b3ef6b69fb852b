// The Stripe fake as an Express app: the parts of Stripe's v1 HTTP API that payments uses, with Stripe's form
// encoding, error JSON, authentication and idempotency. No I/O happens here: index.ts listens.
import express, { type Express } from 'express';
import { authenticate } from './http/authenticate';
import { cors } from './http/cors';
import { stripeErrorHandler, unrecognizedUrl } from './http/errors';
import { IdempotencyStore } from './http/idempotency';
import { requestLog } from './http/request-log';
import { type EndpointDeps, stripeEndpoint } from './http/stripe-endpoint';
import { silentLogger, type StripeFakeLogger } from './logger';
import { cancelPaymentIntentRoute } from './routes/cancel-payment-intent';
import { confirmPaymentIntentRoute } from './routes/confirm-payment-intent';
import { createPaymentIntent } from './routes/create-payment-intent';
import { createRefund } from './routes/create-refund';
import { retrievePaymentIntent } from './routes/retrieve-payment-intent';
import { retrieveRefund } from './routes/retrieve-refund';
import { answerChallengeRoute, challengePage } from './routes/three-d-secure';
import { StripeState } from './state';

export interface StripeFakeOptions {
  /** Where request lines and unexpected errors go (a pino logger fits); silent by default. */
  logger?: StripeFakeLogger;
  /**
   * Milliseconds each /v1 request takes before it runs, to let tests open the race windows a real Stripe call has
   * (a charge in flight while its order expires). Requests sharing an idempotency key still run one at a time.
   */
  latencyMs?: number;
}

/** Builds a fake with its own empty, in-memory state. */
export function buildStripeFake(options: StripeFakeOptions = {}): Express {
  const logger = options.logger ?? silentLogger;
  const deps: EndpointDeps = {
    state: new StripeState(),
    idempotency: new IdempotencyStore(),
    latencyMs: options.latencyMs ?? 0,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Stripe's nested parameters (`metadata[orderId]`, `payment_method_types[0]`) are qs syntax, in bodies and queries.
  app.set('query parser', 'extended');
  app.use(requestLog(logger));
  app.use(cors);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const v1 = express.Router();
  v1.use(authenticate);
  v1.use(express.urlencoded({ extended: true, limit: '1mb' }));
  v1.post('/payment_intents', stripeEndpoint(createPaymentIntent, deps));
  v1.get('/payment_intents/:id', stripeEndpoint(retrievePaymentIntent, deps, { publishable: true }));
  v1.post('/payment_intents/:id/confirm', stripeEndpoint(confirmPaymentIntentRoute, deps));
  v1.post('/payment_intents/:id/cancel', stripeEndpoint(cancelPaymentIntentRoute, deps));
  v1.post('/refunds', stripeEndpoint(createRefund, deps));
  v1.get('/refunds/:id', stripeEndpoint(retrieveRefund, deps));
  app.use('/v1', v1);

  // The issuer's 3-D Secure page, stand-in (outside the API, like Stripe's hosted pages: no API key).
  app.get('/3d_secure_2/:id', challengePage(deps.state));
  app.post(
    '/3d_secure_2/:id',
    express.urlencoded({ extended: false, limit: '10kb' }),
    answerChallengeRoute(deps.state),
  );

  app.use(unrecognizedUrl);
  app.use(stripeErrorHandler(logger));
  return app;
}
