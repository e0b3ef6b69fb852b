// The same SDK calls as payments makes, sent to stripe-mock, which refuses any request that does not match Stripe's
// OpenAPI spec (unknown params, wrong types, missing required params). It is not stateful and simulates no
// declines, so it checks requests and object shapes; conformance.test.ts checks behaviour against the fake.
// stripe-mock must be installed (see STRIPE_MOCK_INSTALL): a missing tool fails this file, it is never skipped.
import Stripe from 'stripe';
import {
  accountLinkRequest,
  cancelIntentRequest,
  confirmIntentRequest,
  createAccountRequest,
  createIntentRequest,
  createTransferRequest,
  listIntentRefundsRequest,
  listOrderTransfersRequest,
  refundRequest,
  reverseTransferRequest,
} from '@ticketing/payments/stripe-requests';
import { type RunningStripeFake, startStripeFake, stripeFakeControls } from '../src/index';
import { createSellerAccount, enabledSeller, onboardingLink, paidOrder } from './support/connect-calls';
import { payOrder, refundPayment } from './support/payment-calls';
import { newKey, newOrderId, stripeAt, thrown } from './support/stripe-client';
import { findStripeMock, type RunningStripeMock, STRIPE_MOCK_INSTALL, startStripeMock } from './support/stripe-mock';

let mock: RunningStripeMock | undefined;
let fake: RunningStripeFake | undefined;
let viaMock: Stripe;
let viaFake: Stripe;

beforeAll(async () => {
  const binary = findStripeMock();
  if (binary === undefined) {
    throw new Error(`stripe-mock is not installed. Install it with \`${STRIPE_MOCK_INSTALL}\` or set STRIPE_MOCK_BIN.`);
  }
  [mock, fake] = await Promise.all([startStripeMock(binary), startStripeFake()]);
  viaMock = stripeAt(mock.url);
  viaFake = stripeAt(fake.url);
});

afterAll(async () => {
  await Promise.all([mock?.stop(), fake?.close()]);
});

const order = () => ({
  orderId: newOrderId(),
  amount: 2000,
  paymentMethod: 'pm_card_visa',
  idempotencyKey: newKey('pay'),
});

/** The top-level fields of an SDK result, without the SDK's own `lastResponse`. */
const fieldsOf = (object: object): string[] =>
  Object.keys(object)
    .filter((key) => key !== 'lastResponse')
    .sort();

describe("requests payments sends, checked against Stripe's OpenAPI by stripe-mock", () => {
  test('When the create-and-confirm call is sent, then stripe-mock accepts it and returns a payment_intent', async () => {
    const intent = await payOrder(viaMock, order());

    expect(intent.object).toBe('payment_intent');
  });

  test('When a PaymentIntent is read back, then stripe-mock accepts the call', async () => {
    const intent = await viaMock.paymentIntents.retrieve('pi_123');

    expect(intent.object).toBe('payment_intent');
  });

  test('When a confirm call is sent, then stripe-mock accepts it', async () => {
    const intent = await viaMock.paymentIntents.confirm('pi_123', { payment_method: 'pm_card_visa' });

    expect(intent.object).toBe('payment_intent');
  });

  test('When the refund call is sent, then stripe-mock accepts it and returns a refund', async () => {
    const refund = await refundPayment(viaMock, 'pi_123', newKey('refund'));

    expect(refund.object).toBe('refund');
  });

  test('When a parameter Stripe does not know is sent, then stripe-mock and the fake both refuse it', async () => {
    const params = { amount: 2000, currency: 'usd', not_a_stripe_param: 'x' } as Stripe.PaymentIntentCreateParams;

    const fromMock = await thrown(() => viaMock.paymentIntents.create(params));
    const fromFake = await thrown(() => viaFake.paymentIntents.create(params));

    expect(fromMock).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(fromFake).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

// payments/src/stripe/payment-requests.ts: the requests the service itself sends, not a copy of them.
describe("the payments service's own requests, checked against Stripe's OpenAPI by stripe-mock and paid on the fake", () => {
  const payment = () => ({ orderId: newOrderId(), amount: 20, paymentMethod: 'pm_card_visa' });

  test("When payments creates an order's PaymentIntent, then stripe-mock accepts the request", async () => {
    const intent = await viaMock.paymentIntents.create(...createIntentRequest(payment()));

    expect(intent.object).toBe('payment_intent');
  });

  test('When payments confirms it with a card, then stripe-mock accepts the request', async () => {
    const intent = await viaMock.paymentIntents.confirm('pi_123', ...confirmIntentRequest(payment()));

    expect(intent.object).toBe('payment_intent');
  });

  test('When payments refunds an order, then stripe-mock accepts the request', async () => {
    const refund = await viaMock.refunds.create(...refundRequest({ orderId: newOrderId(), paymentIntentId: 'pi_123' }));

    expect(refund.object).toBe('refund');
  });

  test("When payments lists an intent's refunds (a refund made in the dashboard), then stripe-mock accepts the request and the fake answers the newest", async () => {
    const listed = await viaMock.refunds.list(...listIntentRefundsRequest({ paymentIntentId: 'pi_123' }));
    const pay = payment();
    const created = await viaFake.paymentIntents.create(...createIntentRequest(pay));
    await viaFake.paymentIntents.confirm(created.id, ...confirmIntentRequest(pay));
    await viaFake.refunds.create({ payment_intent: created.id, amount: 500 });
    const newest = await viaFake.refunds.create({ payment_intent: created.id });

    const ours = await viaFake.refunds.list(...listIntentRefundsRequest({ paymentIntentId: created.id }));

    expect(listed.object).toBe('list');
    expect(ours).toMatchObject({ object: 'list', has_more: true });
    expect(ours.data.map((refund) => refund.id)).toEqual([newest.id]);
    expect(fieldsOf(ours).filter((field) => !fieldsOf(listed).includes(field))).toEqual([]);
  });

  test("When payments cancels an order's PaymentIntent, then stripe-mock accepts the request", async () => {
    const intent = await viaMock.paymentIntents.cancel('pi_123', ...cancelIntentRequest({ orderId: newOrderId() }));

    expect(intent.object).toBe('payment_intent');
  });

  test('When the cancel request is sent to the fake, then an open intent is canceled and a paid one is refused with the intent', async () => {
    const open = payment();
    const created = await viaFake.paymentIntents.create(...createIntentRequest(open));
    const paid = payment();
    const charged = await viaFake.paymentIntents.create(...createIntentRequest(paid));
    await viaFake.paymentIntents.confirm(charged.id, ...confirmIntentRequest(paid));

    const canceled = await viaFake.paymentIntents.cancel(created.id, ...cancelIntentRequest(open));
    const refused = await thrown(() => viaFake.paymentIntents.cancel(charged.id, ...cancelIntentRequest(paid)));

    expect(canceled).toMatchObject({ id: created.id, status: 'canceled', cancellation_reason: 'abandoned' });
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
      payment_intent: { id: charged.id, status: 'succeeded' },
    });
    const late = await thrown(() => viaFake.paymentIntents.confirm(created.id, ...confirmIntentRequest(open)));
    expect(late).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  test('When the same requests are sent to the fake, then the order is charged in cents and refunded once', async () => {
    const pay = payment();
    const created = await viaFake.paymentIntents.create(...createIntentRequest(pay));
    const paid = await viaFake.paymentIntents.confirm(created.id, ...confirmIntentRequest(pay));
    const refund = await viaFake.refunds.create(...refundRequest({ orderId: pay.orderId, paymentIntentId: paid.id }));
    const again = await viaFake.refunds.create(...refundRequest({ orderId: pay.orderId, paymentIntentId: paid.id }));

    expect(created).toMatchObject({
      status: 'requires_payment_method',
      amount: 2000,
      metadata: { orderId: pay.orderId },
    });
    expect(paid).toMatchObject({ id: created.id, status: 'succeeded', amount_received: 2000 });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 2000, payment_intent: paid.id });
    expect(again.id).toBe(refund.id);
  });
});

describe("object shapes: every field the fake returns is a field of Stripe's object", () => {
  test("When a payment succeeds on the fake, then each of its PaymentIntent fields exists on Stripe's", async () => {
    const stripes = await payOrder(viaMock, order());

    const ours = await payOrder(viaFake, order());

    expect(fieldsOf(ours).filter((field) => !fieldsOf(stripes).includes(field))).toEqual([]);
  });

  test("When a card needs authentication on the fake, then each of its requires_action PaymentIntent fields exists on Stripe's", async () => {
    const stripes = await payOrder(viaMock, order());

    const ours = await payOrder(viaFake, { ...order(), paymentMethod: 'pm_card_authenticationRequired' });

    expect(ours.status).toBe('requires_action');
    expect(fieldsOf(ours).filter((field) => !fieldsOf(stripes).includes(field))).toEqual([]);
  });

  test("When an intent is canceled on the fake, then each of its PaymentIntent fields exists on Stripe's", async () => {
    const stripes = await viaMock.paymentIntents.cancel('pi_123');
    const open = await viaFake.paymentIntents.create(...createIntentRequest({ orderId: newOrderId(), amount: 20 }));

    const ours = await viaFake.paymentIntents.cancel(open.id);

    expect(ours.status).toBe('canceled');
    expect(fieldsOf(ours).filter((field) => !fieldsOf(stripes).includes(field))).toEqual([]);
  });

  test("When a refund succeeds on the fake, then each of its Refund fields exists on Stripe's", async () => {
    const stripes = await refundPayment(viaMock, 'pi_123', newKey('refund'));
    const paid = await payOrder(viaFake, order());

    const ours = await refundPayment(viaFake, paid.id, newKey('refund'));

    expect(fieldsOf(ours).filter((field) => !fieldsOf(stripes).includes(field))).toEqual([]);
  });

  test("When a test token becomes a PaymentMethod on the fake, then its fields and card fields exist on Stripe's", async () => {
    const stripes = await viaMock.paymentMethods.retrieve('pm_123');
    const declined = await thrown(() => payOrder(viaFake, { ...order(), paymentMethod: 'pm_card_chargeDeclined' }));

    const ours = declined.payment_method as Stripe.PaymentMethod;

    expect(fieldsOf(ours).filter((field) => !fieldsOf(stripes).includes(field))).toEqual([]);
    expect(fieldsOf(ours.card ?? {}).filter((field) => !fieldsOf(stripes.card ?? {}).includes(field))).toEqual([]);
  });

  test("When a card is declined on the fake, then its error's fields are among Stripe's error fields", async () => {
    const declined = await thrown(() => payOrder(viaFake, { ...order(), paymentMethod: 'pm_card_chargeDeclined' }));
    // Stripe's error object, as the SDK lists it: the fields it copies from `error` onto its exceptions.
    const stripeErrorFields = [
      'type',
      'message',
      'code',
      'decline_code',
      'doc_url',
      'param',
      'charge',
      'payment_intent',
      'payment_method',
      'payment_method_type',
      'request_log_url',
      'setup_intent',
      'source',
      'advice_code',
      'network_advice_code',
      'network_decline_code',
    ];

    const fields = Object.keys(declined.raw as object).filter(
      (key) => !['headers', 'statusCode', 'requestId'].includes(key),
    );

    expect(fields.filter((field) => !stripeErrorFields.includes(field))).toEqual([]);
  });
});

// The Connect, dispute and event requests payments sends for seller payouts (DESIGN §12), each sent to stripe-mock
// as it is sent to the fake; then the objects the fake answers with are checked against Stripe's.
describe("seller payouts: Connect, disputes and events, checked against Stripe's OpenAPI by stripe-mock", () => {
  const transferParams = (destination: string, sourceTransaction: string, orderId: string) => ({
    amount: 1800,
    currency: 'usd',
    destination,
    source_transaction: sourceTransaction,
    transfer_group: orderId,
    metadata: { orderId },
  });

  test("When payments' own payout requests are sent (account, onboarding link, transfers of a group, transfer, reversal), then stripe-mock accepts each", async () => {
    const orderId = newOrderId();
    const account = await viaMock.accounts.create(...createAccountRequest({ userId: newOrderId() }));
    const link = await viaMock.accountLinks.create(
      ...accountLinkRequest({
        accountId: 'acct_123',
        refreshUrl: 'http://localhost:8080/payouts/refresh',
        returnUrl: 'http://localhost:8080/payouts',
      }),
    );
    const group = await viaMock.transfers.list(...listOrderTransfersRequest({ orderId }));
    const transfer = await viaMock.transfers.create(
      ...createTransferRequest({ orderId, amountCents: 1800, destination: 'acct_123', sourceTransaction: 'ch_123' }),
    );
    const reversal = await viaMock.transfers.createReversal(
      ...reverseTransferRequest({ orderId, transferId: 'tr_123' }),
    );

    expect([account.object, link.object, group.object, transfer.object, reversal.object]).toEqual([
      'account',
      'account_link',
      'list',
      'transfer',
      'transfer_reversal',
    ]);
  });

  test('When an Express account with transfers requested is created and read, then stripe-mock accepts both', async () => {
    const account = await createSellerAccount(viaMock);
    const read = await viaMock.accounts.retrieve('acct_123');

    expect(account.object).toBe('account');
    expect(read.object).toBe('account');
  });

  test('When an onboarding account link is created, then stripe-mock accepts it', async () => {
    const link = await onboardingLink(viaMock, 'acct_123');

    expect(link.object).toBe('account_link');
  });

  test('When a PaymentIntent carries a transfer_group, then stripe-mock accepts it', async () => {
    const intent = await paidOrder(viaMock);

    expect(intent.intent.object).toBe('payment_intent');
  });

  test('When a transfer with destination, source_transaction and transfer_group is created, listed by group and read, then stripe-mock accepts them', async () => {
    const orderId = newOrderId();
    const transfer = await viaMock.transfers.create(transferParams('acct_123', 'ch_123', orderId), {
      idempotencyKey: `transfer:${orderId}`,
    });
    const listed = await viaMock.transfers.list({ transfer_group: orderId });
    const read = await viaMock.transfers.retrieve('tr_123');

    expect(transfer.object).toBe('transfer');
    expect(listed.object).toBe('list');
    expect(read.object).toBe('transfer');
  });

  test('When a transfer is reversed, in full or in part with metadata, then stripe-mock accepts it', async () => {
    const whole = await viaMock.transfers.createReversal('tr_123', {}, { idempotencyKey: newKey('reverse') });
    const part = await viaMock.transfers.createReversal('tr_123', { amount: 500, metadata: { orderId: 'o1' } });

    expect(whole.object).toBe('transfer_reversal');
    expect(part.object).toBe('transfer_reversal');
  });

  test('When a dispute, an event and a charge are read, then stripe-mock accepts the calls', async () => {
    const dispute = await viaMock.disputes.retrieve('dp_123');
    const event = await viaMock.events.retrieve('evt_123');
    const charge = await viaMock.charges.retrieve('ch_123');

    expect([dispute.object, event.object, charge.object]).toEqual(['dispute', 'event', 'charge']);
  });

  test("When the fake answers the same calls, then every field of its Account, AccountLink, Transfer, reversal and list exists on Stripe's", async () => {
    const stripes = {
      account: await viaMock.accounts.retrieve('acct_123'),
      link: await onboardingLink(viaMock, 'acct_123'),
      transfer: await viaMock.transfers.retrieve('tr_123'),
      reversal: await viaMock.transfers.createReversal('tr_123'),
      list: await viaMock.transfers.list({ transfer_group: 'o1' }),
    };
    const created = await createSellerAccount(viaFake);
    const link = await onboardingLink(viaFake, created.id);
    const seller = await enabledSeller(viaFake);
    const { orderId, charge } = await paidOrder(viaFake);
    const transfer = await viaFake.transfers.create(transferParams(seller.id, charge, orderId));
    const reversal = await viaFake.transfers.createReversal(transfer.id, { amount: 100 });
    const list = await viaFake.transfers.list({ transfer_group: orderId });
    const ours = { account: created, link, transfer, reversal, list };

    for (const name of Object.keys(ours) as Array<keyof typeof ours>) {
      expect({ [name]: fieldsOf(ours[name]).filter((field) => !fieldsOf(stripes[name]).includes(field)) }).toEqual({
        [name]: [],
      });
    }
    expect(
      fieldsOf(created.requirements ?? {}).filter((f) => !fieldsOf(stripes.account.requirements ?? {}).includes(f)),
    ).toEqual([]);
    const transferred = await viaFake.transfers.retrieve(transfer.id);
    expect(fieldsOf(transferred.reversals).filter((f) => !fieldsOf(stripes.transfer.reversals).includes(f))).toEqual(
      [],
    );
  });

  test("When a payment is disputed on the fake, then every field of its Dispute, Charge and Event exists on Stripe's", async () => {
    const stripes = {
      dispute: await viaMock.disputes.retrieve('dp_123'),
      charge: await viaMock.charges.retrieve('ch_123'),
      event: await viaMock.events.retrieve('evt_123'),
    };
    expect((await viaMock.events.list({ type: 'charge.dispute.created', limit: 1 })).object).toBe('list');
    const { intent, charge } = await paidOrder(viaFake);
    const opened = await stripeFakeControls(fake?.url ?? '').dispute(charge);
    const dispute = await viaFake.disputes.retrieve(opened.id);
    const readCharge = await viaFake.charges.retrieve(charge);
    const [disputeEvent] = (await viaFake.events.list({ type: 'charge.dispute.created', limit: 1 })).data;
    const ours = { dispute, charge: readCharge, event: disputeEvent ?? {} };

    expect(intent.status).toBe('succeeded');
    expect(disputeEvent?.data.object).toMatchObject({ id: dispute.id });
    for (const name of Object.keys(ours) as Array<keyof typeof ours>) {
      expect({ [name]: fieldsOf(ours[name]).filter((field) => !fieldsOf(stripes[name]).includes(field)) }).toEqual({
        [name]: [],
      });
    }
  });
});
