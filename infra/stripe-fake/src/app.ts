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
import { completeOnboardingRoute, onboardingPage } from './routes/connect-onboarding';
import { createAccount } from './routes/create-account';
import { createAccountLink } from './routes/create-account-link';
import { createTransfer } from './routes/create-transfer';
import { createTransferReversal } from './routes/create-transfer-reversal';
import { listEvents } from './routes/list-events';
import { listRefunds } from './routes/list-refunds';
import { listTransfers } from './routes/list-transfers';
import { retrieveAccount } from './routes/retrieve-account';
import { retrieveCharge } from './routes/retrieve-charge';
import { retrieveDispute } from './routes/retrieve-dispute';
import { retrieveEvent } from './routes/retrieve-event';
import { retrieveTransfer } from './routes/retrieve-transfer';
import { testControls } from './routes/test-controls';
import { answerChallengeRoute, challengePage } from './routes/three-d-secure';
import { StripeState } from './state';
import { WebhookDispatcher } from './webhooks/dispatcher';
import type { WebhookSettings } from './webhooks/settings';

export interface StripeFakeOptions {
  /** Where request lines and unexpected errors go (a pino logger fits); silent by default. */
  logger?: StripeFakeLogger;
  /**
   * Milliseconds each /v1 request takes before it runs, to let tests open the race windows a real Stripe call has
   * (a charge in flight while its order expires). Requests sharing an idempotency key still run one at a time.
   */
  latencyMs?: number;
  /**
   * Where events are delivered (`platform` for the platform's own, `connect` for its connected accounts'), how they
   * are retried, and delivery faults; all can be changed later with `POST /_fake/webhooks`. No endpoint: no delivery.
   */
  webhooks?: Partial<WebhookSettings>;
  /** How long after a `pm_card_createDispute` payment succeeds its dispute is opened (default 100 ms). */
  disputeDelayMs?: number;
}

/** What `buildStripeFake` keeps in `app.locals` for index.ts: stopping the timers its background work holds. */
export const STOP_BACKGROUND = 'stripeFakeStopBackground';

/** Builds a fake with its own empty, in-memory state. */
export function buildStripeFake(options: StripeFakeOptions = {}): Express {
  const logger = options.logger ?? silentLogger;
  const webhooks = new WebhookDispatcher(options.webhooks ?? {}, logger);
  const state = new StripeState({
    onEvent: (event) => webhooks.accept(event),
    ...(options.disputeDelayMs !== undefined && { disputeDelayMs: options.disputeDelayMs }),
  });
  const deps: EndpointDeps = { state, idempotency: new IdempotencyStore(), latencyMs: options.latencyMs ?? 0 };
  const app = express();
  app.locals[STOP_BACKGROUND] = (): void => {
    webhooks.close();
    state.close();
  };
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
  v1.get('/refunds', stripeEndpoint(listRefunds, deps));
  v1.get('/refunds/:id', stripeEndpoint(retrieveRefund, deps));
  v1.get('/charges/:id', stripeEndpoint(retrieveCharge, deps));
  v1.post('/accounts', stripeEndpoint(createAccount, deps));
  v1.get('/accounts/:id', stripeEndpoint(retrieveAccount, deps));
  v1.post('/account_links', stripeEndpoint(createAccountLink, deps));
  v1.post('/transfers', stripeEndpoint(createTransfer, deps));
  v1.get('/transfers', stripeEndpoint(listTransfers, deps));
  v1.get('/transfers/:id', stripeEndpoint(retrieveTransfer, deps));
  v1.post('/transfers/:id/reversals', stripeEndpoint(createTransferReversal, deps));
  v1.get('/disputes/:id', stripeEndpoint(retrieveDispute, deps));
  v1.get('/events', stripeEndpoint(listEvents, deps));
  v1.get('/events/:id', stripeEndpoint(retrieveEvent, deps));
  app.use('/v1', v1);

  // The issuer's 3-D Secure page, stand-in (outside the API, like Stripe's hosted pages: no API key).
  app.get('/3d_secure_2/:id', challengePage(deps.state));
  app.post(
    '/3d_secure_2/:id',
    express.urlencoded({ extended: false, limit: '10kb' }),
    answerChallengeRoute(deps.state),
  );
  // Stripe's hosted Connect onboarding, stand-in: where an account link leads (no API key either).
  app.get('/connect/onboarding/:linkId', onboardingPage(state));
  app.post('/connect/onboarding/:linkId', completeOnboardingRoute(state));

  // Test controls (not Stripe's API): what happens at Stripe without a call, and webhook faults.
  app.use('/_fake', testControls({ state, idempotency: deps.idempotency, webhooks }));

  app.use(unrecognizedUrl);
  app.use(stripeErrorHandler(logger));
  return app;
}
