// Cards whose issuer asks for 3-D Secure (pm_card_authenticationRequired, pm_card_threeDSecure2Required), driven
// through the official SDK as payments drives Stripe, with the challenge answered the way a browser answers it: on
// the fake's challenge page, named by next_action, holding only the client_secret.
import Stripe from 'stripe';
import { type RunningStripeFake, startStripeFake } from '../src/index';
import { payOrder, refundPayment, retrievePayment } from './support/payment-calls';
import { newKey, newOrderId, stripeAt, thrown } from './support/stripe-client';

const PUBLISHABLE_KEY = 'pk_test_51TicketingFakeKey000000000000000000';

let fake: RunningStripeFake;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = stripeAt(fake.url);
});

afterAll(async () => {
  await fake.close();
});

const pay = (paymentMethod: string, retry?: { orderId: string; idempotencyKey: string }) =>
  payOrder(stripe, {
    orderId: retry?.orderId ?? newOrderId(),
    amount: 2500,
    paymentMethod,
    idempotencyKey: retry?.idempotencyKey ?? newKey('pay'),
  });

/** The challenge page's URL, from the intent's next_action, whichever form it took. */
function challengeUrl(intent: Stripe.PaymentIntent): string {
  const action = intent.next_action;
  const url =
    action?.type === 'use_stripe_sdk'
      ? (action.use_stripe_sdk as { stripe_js?: string } | undefined)?.stripe_js
      : action?.redirect_to_url?.url;
  if (url === undefined || url === null) throw new Error(`no challenge URL in ${JSON.stringify(action)}`);
  return url;
}

/** Answers the challenge as the page's form does, asking for JSON back. */
async function answer(intent: Stripe.PaymentIntent, choice: 'complete' | 'fail', clientSecret = intent.client_secret) {
  const url = new URL(challengeUrl(intent));
  const res = await fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_secret: clientSecret ?? '', answer: choice }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a card that needs 3-D Secure', () => {
  test.each(['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required'])(
    'When an order is paid with %s, then the intent requires_action with a use_stripe_sdk next action and nothing is charged',
    async (paymentMethod) => {
      const intent = await pay(paymentMethod);

      expect(intent).toMatchObject({
        status: 'requires_action',
        amount_received: 0,
        latest_charge: null,
        last_payment_error: null,
        next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } },
      });
      expect(intent.payment_method).toMatch(/^pm_\w{24}$/);
      expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
      expect(challengeUrl(intent).startsWith(`${fake.url}/3d_secure_2/${intent.id}?client_secret=`)).toBe(true);
    },
  );

  test('When the cardholder completes the challenge, then the intent has succeeded and its charge can be refunded', async () => {
    const intent = await pay('pm_card_authenticationRequired');

    const answered = await answer(intent, 'complete');

    expect(answered.status).toBe(200);
    const read = await retrievePayment(stripe, intent.id);
    expect(read).toMatchObject({ status: 'succeeded', amount_received: 2500, next_action: null });
    expect(read.latest_charge).toMatch(/^ch_/);
    const refund = await refundPayment(stripe, intent.id, newKey('refund'));
    expect(refund).toMatchObject({ status: 'succeeded', amount: 2500 });
  });

  test('When the cardholder fails the challenge, then the intent needs another payment method and says why', async () => {
    const intent = await pay('pm_card_threeDSecure2Required');

    await answer(intent, 'fail');

    const read = await retrievePayment(stripe, intent.id);
    expect(read).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: null,
      next_action: null,
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message:
          'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      },
    });
  });

  test('When the create call is retried after authentication, then Stripe replays the first answer and only a retrieve shows the outcome', async () => {
    const retry = { orderId: newOrderId(), idempotencyKey: newKey('pay') };
    const intent = await pay('pm_card_authenticationRequired', retry);
    await answer(intent, 'complete');

    const replayed = await pay('pm_card_authenticationRequired', retry);

    expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(replayed).toMatchObject({ id: intent.id, status: 'requires_action' });
    expect((await retrievePayment(stripe, intent.id)).status).toBe('succeeded');
  });

  test('When the challenge is answered twice, then the second answer is refused with payment_intent_unexpected_state', async () => {
    const intent = await pay('pm_card_authenticationRequired');
    await answer(intent, 'complete');

    const again = await answer(intent, 'fail');

    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { code: 'payment_intent_unexpected_state' } });
    expect((await retrievePayment(stripe, intent.id)).status).toBe('succeeded');
  });

  test('When the challenge is answered without the client_secret, then 404 and the intent still waits', async () => {
    const intent = await pay('pm_card_authenticationRequired');

    const res = await answer(intent, 'complete', `${intent.id}_secret_wrong`).catch(() => ({ status: 404 }));

    expect(res.status).toBe(404);
    expect((await retrievePayment(stripe, intent.id)).status).toBe('requires_action');
  });

  test('When the server does not set use_stripe_sdk, then the next action is redirect_to_url with the return_url', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      return_url: 'https://ticketing.dev/orders/1',
    });

    expect(intent.next_action).toMatchObject({
      type: 'redirect_to_url',
      redirect_to_url: { return_url: 'https://ticketing.dev/orders/1' },
    });
    expect(challengeUrl(intent).startsWith(`${fake.url}/3d_secure_2/${intent.id}`)).toBe(true);
  });

  test('When the challenge page is opened in a browser, then it offers both answers and a form POST tells the parent window', async () => {
    const intent = await pay('pm_card_authenticationRequired');

    const pageRes = await fetch(challengeUrl(intent));
    const html = await pageRes.text();
    const done = await fetch(`${fake.url}/3d_secure_2/${intent.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ client_secret: intent.client_secret ?? '', answer: 'complete' }),
    });

    expect(pageRes.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('Complete authentication');
    expect(html).toContain('Fail authentication');
    expect(await done.text()).toContain('stripe-fake:3ds-challenge-done');
  });
});

describe('a publishable key, as Stripe.js uses it', () => {
  test('When a browser reads an intent with the publishable key and its client_secret, then it gets the intent, cross-origin', async () => {
    const intent = await pay('pm_card_authenticationRequired');
    const query = new URLSearchParams({ key: PUBLISHABLE_KEY, client_secret: intent.client_secret ?? '' });

    const res = await fetch(`${fake.url}/v1/payment_intents/${intent.id}?${query.toString()}`, {
      headers: { origin: 'http://localhost:8080' },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ id: intent.id, status: 'requires_action' });
  });

  test('When the publishable key comes without the right client_secret, then the intent is as unknown', async () => {
    const intent = await pay('pm_card_visa');
    const browser = stripeAt(fake.url, PUBLISHABLE_KEY);

    const withoutSecret = await thrown(() => browser.paymentIntents.retrieve(intent.id));
    const wrongSecret = await thrown(() =>
      browser.paymentIntents.retrieve(intent.id, { client_secret: `${intent.id}_secret_nope` }),
    );

    expect(withoutSecret).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(wrongSecret).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  test('When a publishable key tries to create a payment, then 401: only a secret key may', async () => {
    const browser = stripeAt(fake.url, PUBLISHABLE_KEY);

    const error = await thrown(() =>
      payOrder(browser, {
        orderId: newOrderId(),
        amount: 2500,
        paymentMethod: 'pm_card_visa',
        idempotencyKey: newKey('pay'),
      }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.message).toMatch(/^This API call cannot be made with a publishable API key/);
  });
});
