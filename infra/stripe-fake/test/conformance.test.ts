// The fake driven through the official `stripe` SDK, the way payments drives Stripe: form-encoded requests,
// Stripe's error JSON turned into the SDK's error classes, Idempotency-Key. Each test makes its own order and keys.
import Stripe from 'stripe';
import { type RunningStripeFake, startStripeFake } from '../src/index';
import { payOrder, refundPayment } from './support/payment-calls';
import { newKey, newOrderId, stripeAt, thrown } from './support/stripe-client';

let fake: RunningStripeFake;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = stripeAt(fake.url);
});

afterAll(async () => {
  await fake.close();
});

const pay = (paymentMethod: string, overrides: { orderId?: string; amount?: number; idempotencyKey?: string } = {}) =>
  payOrder(stripe, {
    orderId: overrides.orderId ?? newOrderId(),
    amount: overrides.amount ?? 2000,
    paymentMethod,
    idempotencyKey: overrides.idempotencyKey ?? newKey('pay'),
  });

describe('POST /v1/payment_intents (create and confirm)', () => {
  test('When an order is paid with pm_card_visa, then the intent has succeeded with a charge and the order id', async () => {
    const orderId = newOrderId();

    const intent = await pay('pm_card_visa', { orderId, amount: 2000 });

    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 2000,
      amount_received: 2000,
      currency: 'usd',
      status: 'succeeded',
      metadata: { orderId },
      livemode: false,
      last_payment_error: null,
    });
    expect(intent.id).toMatch(/^pi_\w{24}$/);
    expect(intent.latest_charge).toMatch(/^ch_\w{24}$/);
    // Like Stripe, the test token becomes a PaymentMethod of its own.
    expect(intent.payment_method).toMatch(/^pm_\w{24}$/);
    expect(intent.created).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(intent.lastResponse.requestId).toMatch(/^req_/);
  });

  test('When the card is declined, then the SDK throws StripeCardError generic_decline and the intent waits for another method', async () => {
    const error = await thrown(() => pay('pm_card_chargeDeclined'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    });
    expect(error.charge).toMatch(/^ch_/);
    expect(error.payment_intent).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: error.charge,
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' },
    });
  });

  test('When the card has insufficient funds, then the SDK throws StripeCardError insufficient_funds', async () => {
    const error = await thrown(() => pay('pm_card_chargeDeclinedInsufficientFunds'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    expect(error.payment_intent?.status).toBe('requires_payment_method');
  });

  test('When a declined intent is confirmed again with a good card, then it succeeds', async () => {
    const declined = await thrown(() => pay('pm_card_visa_chargeDeclined'));
    const intentId = declined.payment_intent?.id ?? '';

    const intent = await stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });

    expect(intent).toMatchObject({ id: intentId, status: 'succeeded', last_payment_error: null });
    expect(intent.latest_charge).not.toBe(declined.charge);
  });

  test('When the payment method is unknown, then the SDK throws StripeInvalidRequestError resource_missing on payment_method', async () => {
    const error = await thrown(() => pay('pm_card_doesNotExist'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_card_doesNotExist'",
    });
  });

  test.each([
    ['below the 50-cent minimum', 49, 'amount_too_small'],
    ['zero', 0, 'amount_too_small'],
    ['not an integer', 12.5, 'parameter_invalid_integer'],
  ])('When the amount is %s, then the SDK throws StripeInvalidRequestError on amount', async (_case, amount, code) => {
    const error = await thrown(() => pay('pm_card_visa', { amount }));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: 'amount', code });
  });

  test('When the amount or the currency is missing or the currency is unknown, then the error names that param', async () => {
    const noAmount = await thrown(() =>
      stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams),
    );
    const noCurrency = await thrown(() =>
      stripe.paymentIntents.create({ amount: 2000 } as Stripe.PaymentIntentCreateParams),
    );
    const badCurrency = await thrown(() => stripe.paymentIntents.create({ amount: 2000, currency: 'xyz' }));

    expect(noAmount).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'amount' });
    expect(noCurrency).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' });
    expect(badCurrency).toMatchObject({ statusCode: 400, param: 'currency' });
    expect(badCurrency.message).toMatch(/^Invalid currency: xyz/);
  });

  test("When confirm=true leaves redirects allowed and gives no return_url, then Stripe's return_url error comes back", async () => {
    const error = await thrown(() =>
      stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toMatch(/^A `return_url` must be specified/);
  });

  test('When the intent is created without confirm, then it waits for confirmation, and /confirm charges it', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 4000,
      currency: 'usd',
      payment_method: 'pm_card_mastercard',
      allowed_payment_method_types: ['card'],
    });

    const confirmed = await stripe.paymentIntents.confirm(created.id);

    expect(created).toMatchObject({ status: 'requires_confirmation', latest_charge: null, amount_received: 0 });
    expect(confirmed).toMatchObject({ id: created.id, status: 'succeeded', amount_received: 4000 });
  });

  test('When a succeeded intent is confirmed again, then 400 payment_intent_unexpected_state', async () => {
    const intent = await pay('pm_card_visa');

    const error = await thrown(() => stripe.paymentIntents.confirm(intent.id));

    expect(error).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  test('When an unknown parameter is sent, then 400 parameter_unknown names it', async () => {
    const error = await thrown(() =>
      stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        unknown_thing: 'x',
      } as Stripe.PaymentIntentCreateParams),
    );

    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'unknown_thing' });
  });

  test('When metadata has characters that need form encoding, then it comes back unchanged', async () => {
    const metadata = { orderId: newOrderId(), note: 'a&b=c [x] ü €/?#%', 'key with spaces': '' + 42 };

    const created = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      metadata,
    });
    const read = await stripe.paymentIntents.retrieve(created.id);

    expect(created.metadata).toEqual(metadata);
    expect(read.metadata).toEqual(metadata);
  });
});

describe('GET /v1/payment_intents/:id', () => {
  test('When a paid intent is read back, then it is the same intent', async () => {
    const paid = await pay('pm_card_visa');

    const read = await stripe.paymentIntents.retrieve(paid.id);

    const { lastResponse: _paidResponse, ...paidFields } = paid;
    const { lastResponse: _readResponse, ...readFields } = read;
    expect(readFields).toEqual(paidFields);
  });

  test('When the id is unknown, then 404 resource_missing', async () => {
    const error = await thrown(() => stripe.paymentIntents.retrieve('pi_doesNotExist'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such payment_intent: 'pi_doesNotExist'",
    });
  });
});

describe('POST /v1/payment_intents/:id/cancel', () => {
  test('When an intent waiting for 3-D Secure is canceled, then it is canceled with its reason and can no longer be confirmed', async () => {
    const waiting = await pay('pm_card_authenticationRequired');

    const canceled = await stripe.paymentIntents.cancel(waiting.id, { cancellation_reason: 'abandoned' });

    expect(canceled).toMatchObject({
      id: waiting.id,
      status: 'canceled',
      cancellation_reason: 'abandoned',
      next_action: null,
      amount_received: 0,
    });
    expect(canceled.canceled_at).toBeGreaterThan(Date.now() / 1000 - 60);
    const confirm = await thrown(() => stripe.paymentIntents.confirm(waiting.id, { payment_method: 'pm_card_visa' }));
    expect(confirm).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  test('When a canceled or succeeded intent is canceled, then 400 payment_intent_unexpected_state carries the intent', async () => {
    const waiting = await pay('pm_card_authenticationRequired');
    await stripe.paymentIntents.cancel(waiting.id);
    const paid = await pay('pm_card_visa');

    const again = await thrown(() => stripe.paymentIntents.cancel(waiting.id));
    const succeeded = await thrown(() => stripe.paymentIntents.cancel(paid.id));

    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ code: 'payment_intent_unexpected_state', payment_intent: { status: 'canceled' } });
    expect(succeeded).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
      payment_intent: { id: paid.id, status: 'succeeded' },
    });
    expect(succeeded.message).toMatch(/status of succeeded/);
  });

  test('When the intent is unknown, then 404 resource_missing', async () => {
    const error = await thrown(() => stripe.paymentIntents.cancel('pi_unknown'));

    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('POST /v1/refunds', () => {
  test('When a succeeded payment is refunded, then a succeeded refund of the full amount names its intent and charge', async () => {
    const paid = await pay('pm_card_visa', { amount: 12_345 });

    const refund = await refundPayment(stripe, paid.id, newKey('refund'));

    expect(refund).toMatchObject({
      object: 'refund',
      amount: 12_345,
      currency: 'usd',
      status: 'succeeded',
      payment_intent: paid.id,
      charge: paid.latest_charge,
    });
    expect(refund.id).toMatch(/^re_\w{24}$/);
    await expect(stripe.refunds.retrieve(refund.id)).resolves.toMatchObject({ id: refund.id, amount: 12_345 });
  });

  test('When a payment is refunded twice, then the second refund is 400 charge_already_refunded', async () => {
    const paid = await pay('pm_card_visa');
    await refundPayment(stripe, paid.id, newKey('refund'));

    const error = await thrown(() => refundPayment(stripe, paid.id, newKey('refund')));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'charge_already_refunded',
      message: `Charge ${paid.latest_charge} has already been refunded.`,
    });
  });

  test('When the payment did not succeed, then the refund is 400 and names the intent', async () => {
    const declined = await thrown(() => pay('pm_card_chargeDeclined'));
    const intentId = declined.payment_intent?.id ?? '';

    const error = await thrown(() => refundPayment(stripe, intentId, newKey('refund')));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toBe(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`);
  });

  test('When part is refunded, then only the rest can follow, by charge id', async () => {
    const paid = await pay('pm_card_visa', { amount: 3000 });
    const charge = String(paid.latest_charge);
    await stripe.refunds.create({ payment_intent: paid.id, amount: 1000 });

    const tooMuch = await thrown(() => stripe.refunds.create({ charge, amount: 2500 }));
    const rest = await stripe.refunds.create({ charge });

    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    expect(rest).toMatchObject({ amount: 2000, charge, payment_intent: paid.id });
  });

  test('When the intent is unknown, then 400 resource_missing on payment_intent', async () => {
    const error = await thrown(() => refundPayment(stripe, 'pi_doesNotExist', newKey('refund')));

    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
  });
});

describe('GET /v1/refunds', () => {
  test('When refunds are listed by payment_intent or charge, then only those come back, newest first, paged by starting_after', async () => {
    const paid = await pay('pm_card_visa', { amount: 3000 });
    const other = await pay('pm_card_visa');
    const first = await stripe.refunds.create({ payment_intent: paid.id, amount: 1000 });
    const second = await stripe.refunds.create({ payment_intent: paid.id, amount: 500 });
    await refundPayment(stripe, other.id, newKey('refund'));

    const byIntent = await stripe.refunds.list({ payment_intent: paid.id });
    const newest = await stripe.refunds.list({ payment_intent: paid.id, limit: 1 });
    const older = await stripe.refunds.list({
      charge: String(paid.latest_charge),
      limit: 1,
      starting_after: second.id,
    });

    expect(byIntent).toMatchObject({ object: 'list', has_more: false, url: '/v1/refunds' });
    expect(byIntent.data.map((refund) => refund.id)).toEqual([second.id, first.id]);
    expect(newest.has_more).toBe(true);
    expect(newest.data.map((refund) => refund.id)).toEqual([second.id]);
    expect(older.has_more).toBe(false);
    expect(older.data.map((refund) => refund.id)).toEqual([first.id]);
  });

  test('When the filter matches nothing or a param is unknown, then an empty list or 400 naming the param', async () => {
    const none = await stripe.refunds.list({ payment_intent: 'pi_withoutRefunds' });
    const unknown = await thrown(() => stripe.refunds.list({ order: 'x' } as Stripe.RefundListParams));

    expect(none).toMatchObject({ object: 'list', data: [], has_more: false });
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'order' });
  });
});

describe('authentication', () => {
  test('When the key is not a test secret key, then StripeAuthenticationError with the key masked', async () => {
    const live = stripeAt(fake.url, `sk_live_${'x'.repeat(20)}1234`);

    const error = await thrown(() => live.paymentIntents.retrieve('pi_any'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe(`Invalid API Key provided: sk_live_${'*'.repeat(20)}1234`);
  });

  test("When there is no Authorization header, then 401 with Stripe's error JSON", async () => {
    const response = await fetch(`${fake.url}/v1/payment_intents/pi_any`);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: expect.stringMatching(/^You did not provide an API key/) },
    });
  });
});

describe('Idempotency-Key', () => {
  test('When a payment is sent twice with one key, then the second is a replay of the same intent', async () => {
    const orderId = newOrderId();
    const idempotencyKey = newKey('pay');

    const first = await pay('pm_card_visa', { orderId, idempotencyKey });
    const second = await pay('pm_card_visa', { orderId, idempotencyKey });

    expect(second.id).toBe(first.id);
    expect(second.latest_charge).toBe(first.latest_charge);
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  test('When a declined payment is retried with its key, then the same decline is replayed, not a second charge', async () => {
    const idempotencyKey = newKey('pay');
    const orderId = newOrderId();

    const first = await thrown(() => pay('pm_card_chargeDeclined', { orderId, idempotencyKey }));
    const second = await thrown(() => pay('pm_card_chargeDeclined', { orderId, idempotencyKey }));

    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.charge).toBe(first.charge);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
  });

  test('When a refund is retried with its key, then the refund is replayed instead of charge_already_refunded', async () => {
    const paid = await pay('pm_card_visa');
    const key = newKey('refund');

    const first = await refundPayment(stripe, paid.id, key);
    const second = await refundPayment(stripe, paid.id, key);

    expect(second.id).toBe(first.id);
  });

  test('When one key is reused with other parameters, then StripeIdempotencyError', async () => {
    const idempotencyKey = newKey('pay');
    await pay('pm_card_visa', { amount: 2000, idempotencyKey });

    const error = await thrown(() => pay('pm_card_visa', { amount: 2500, idempotencyKey }));

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
    expect(error.message).toBe(
      'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
        `Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
    );
  });

  test('When one key is reused on another endpoint, then StripeIdempotencyError', async () => {
    const idempotencyKey = newKey('shared');
    const paid = await pay('pm_card_visa', { idempotencyKey });

    const error = await thrown(() => refundPayment(stripe, paid.id, idempotencyKey));

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.message).toMatch(/^Keys for idempotent requests can only be used for the same endpoint/);
  });

  test('When a request with a key failed validation, then the key stays free for a corrected request', async () => {
    const idempotencyKey = newKey('pay');
    await thrown(() => pay('pm_card_visa', { amount: 10, idempotencyKey }));

    const intent = await pay('pm_card_visa', { amount: 2000, idempotencyKey });

    expect(intent.status).toBe('succeeded');
  });

  test('When concurrent payments share one key, then they all get one intent, charged once', async () => {
    // Latency keeps every request in flight at once, so they really do contend for the key.
    const slow = await startStripeFake({ latencyMs: 100 });
    try {
      const client = stripeAt(slow.url);
      const order = {
        orderId: newOrderId(),
        amount: 2000,
        paymentMethod: 'pm_card_visa',
        idempotencyKey: newKey('pay'),
      };

      const intents = await Promise.all(Array.from({ length: 5 }, () => payOrder(client, order)));

      expect(new Set(intents.map((intent) => intent.id)).size).toBe(1);
      expect(new Set(intents.map((intent) => intent.latest_charge)).size).toBe(1);
      const replays = intents.filter((intent) => intent.lastResponse.headers['idempotent-replayed'] === 'true');
      expect(replays).toHaveLength(4);
    } finally {
      await slow.close();
    }
  });

  test('When concurrent payments use different keys, then each gets its own intent', async () => {
    const orderId = newOrderId();

    const intents = await Promise.all(Array.from({ length: 3 }, () => pay('pm_card_visa', { orderId })));

    expect(new Set(intents.map((intent) => intent.id)).size).toBe(3);
  });
});
