// The local Stripe fake in this test process, with eyes on it: which requests arrived (as they arrive, so a test can
// act while a call is in flight) and how each ended (from the fake's own request log: status, replayed or not).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildStripeFake, startStripeFake, type StripeFakeLogger } from '@ticketing/stripe-fake';
import Stripe from 'stripe';

export const TEST_STRIPE_KEY = 'sk_test_51TicketingPaymentsTests000000000000000';

export interface StripeRequestLine {
  method: string;
  path: string;
  status: number;
  idempotencyKey?: string;
  replayed?: boolean;
}

export interface StripeFakeProbe {
  url: string;
  /** Requests that have arrived (method, path, Idempotency-Key), including those still running. */
  arrived: Array<{ method: string; path: string; idempotencyKey: string | undefined }>;
  /** Requests that have finished, as the fake logged them. */
  finished: StripeRequestLine[];
  /** The official SDK pointed at the fake, to read objects back (GET by id). */
  sdk: Stripe;
  /** PaymentIntents the fake created for an order: POSTs with its key that ran (not replays) and got an answer. */
  intentsCreatedFor(orderId: string): number;
  close(): Promise<void>;
}

function probeParts(
  url: string,
  close: () => Promise<void>,
  finished: StripeRequestLine[],
  arrived: StripeFakeProbe['arrived'],
): StripeFakeProbe {
  const target = new URL(url);
  return {
    url,
    arrived,
    finished,
    sdk: new Stripe(TEST_STRIPE_KEY, {
      host: target.hostname,
      port: Number(target.port),
      protocol: 'http',
      maxNetworkRetries: 0,
    }),
    intentsCreatedFor: (orderId) =>
      finished.filter(
        (l) =>
          l.method === 'POST' &&
          l.path === '/v1/payment_intents' &&
          l.idempotencyKey === `pay:${orderId}` &&
          !l.replayed &&
          l.status !== 400,
      ).length,
    close,
  };
}

function recorder(finished: StripeRequestLine[]): StripeFakeLogger {
  return {
    info: (fields) => finished.push(fields as StripeRequestLine),
    error: () => undefined,
  };
}

/** startStripeFake({ port: 0 }) with its request log recorded. */
export async function startStripeFakeProbe(options: { latencyMs?: number } = {}): Promise<StripeFakeProbe> {
  const finished: StripeRequestLine[] = [];
  const fake = await startStripeFake({ port: 0, logger: recorder(finished), ...options });
  return probeParts(fake.url, fake.close, finished, []);
}

/**
 * The fake's app behind a server that also records each request when it ARRIVES: the latency option keeps it
 * running, and the test can act (cancel the order) while the payment is known to be at Stripe.
 */
export function startSlowStripeFakeProbe(latencyMs: number): Promise<StripeFakeProbe> {
  return startInterceptedStripeFakeProbe({ latencyMs });
}

/**
 * A network fault between payments and Stripe: the fake runs the request (the charge happens), then the connection
 * is cut before the answer leaves, for the requests `drop` picks. The client never hears the outcome.
 */
export function startLossyStripeFakeProbe(drop: (req: IncomingMessage) => boolean): Promise<StripeFakeProbe> {
  return startInterceptedStripeFakeProbe({ drop });
}

async function startInterceptedStripeFakeProbe(options: {
  latencyMs?: number;
  drop?: (req: IncomingMessage) => boolean;
}): Promise<StripeFakeProbe> {
  const finished: StripeRequestLine[] = [];
  const arrived: StripeFakeProbe['arrived'] = [];
  const app = buildStripeFake({
    ...(options.latencyMs !== undefined && { latencyMs: options.latencyMs }),
    logger: recorder(finished),
  });
  const server = createServer((req, res) => {
    const key = req.headers['idempotency-key'];
    arrived.push({
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      idempotencyKey: typeof key === 'string' ? key : undefined,
    });
    if (options.drop?.(req)) {
      // Let the fake finish its work, then cut the connection instead of sending the answer.
      res.end = ((..._args: unknown[]) => {
        req.socket.destroy();
        return res;
      }) as typeof res.end;
    }
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return probeParts(`http://127.0.0.1:${port}`, close, finished, arrived);
}
