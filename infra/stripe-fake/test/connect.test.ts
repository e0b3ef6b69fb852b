// Stripe Connect on the fake, driven through the official SDK as payments drives Stripe: Express accounts, account
// links and the hosted onboarding page, separate charges and transfers, reversals refused on a short balance, and
// the 24-hour idempotency window that makes a look-up by transfer_group necessary.
import Stripe from 'stripe';
import { type RunningStripeFake, startStripeFake, type StripeFakeControls, stripeFakeControls } from '../src/index';
import {
  createSellerAccount,
  enabledSeller,
  onboardingLink,
  paidOrder,
  REFRESH_URL,
  RETURN_URL,
  submitOnboarding,
} from './support/connect-calls';
import { newKey, stripeAt, thrown } from './support/stripe-client';

let fake: RunningStripeFake;
let stripe: Stripe;
let controls: StripeFakeControls;

beforeAll(async () => {
  fake = await startStripeFake();
  stripe = stripeAt(fake.url);
  controls = stripeFakeControls(fake.url);
});

afterAll(async () => {
  await fake.close();
});

describe('POST /v1/accounts and GET /v1/accounts/:id', () => {
  test('When an Express account is created with transfers requested, then it waits for onboarding with transfers inactive', async () => {
    const account = await createSellerAccount(stripe, 'seller1');

    expect(account).toMatchObject({
      object: 'account',
      type: 'express',
      email: 'seller1@example.com',
      metadata: { sellerId: 'seller1' },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: 'inactive' },
      requirements: { disabled_reason: 'requirements.past_due' },
    });
    expect(account.id).toMatch(/^acct_\w{16}$/);
    expect(account.requirements?.currently_due).toContain('external_account');
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ id: account.id, payouts_enabled: false });
  });

  test('When an account is not Express or is unknown, then Stripe errors come back', async () => {
    const standard = await thrown(() => stripe.accounts.create({ type: 'standard' }));
    const unknown = await thrown(() => stripe.accounts.retrieve('acct_1NoSuchAccount00'));

    expect(standard).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(standard).toMatchObject({ statusCode: 400, param: 'type' });
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('account links and the hosted onboarding page', () => {
  test('When the seller completes the page, then the account is enabled and the browser goes to return_url', async () => {
    const account = await createSellerAccount(stripe);
    const link = await onboardingLink(stripe, account.id);

    const page = await fetch(link.url);
    const html = await page.text();
    const submitted = await submitOnboarding(link.url);

    expect(link).toMatchObject({ object: 'account_link' });
    expect(link.url.startsWith(`${fake.url}/connect/onboarding/`)).toBe(true);
    expect(link.expires_at).toBeGreaterThan(link.created);
    expect(page.status).toBe(200);
    expect(html).toContain('<button type="submit">Complete onboarding</button>');
    expect(submitted).toEqual({ status: 303, location: RETURN_URL });
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { transfers: 'active' },
      requirements: { currently_due: [], disabled_reason: null },
    });
  });

  test('When a link is used twice or has expired, then it redirects to refresh_url and changes nothing', async () => {
    const account = await createSellerAccount(stripe);
    const used = await onboardingLink(stripe, account.id);
    await submitOnboarding(used.url);
    const other = await createSellerAccount(stripe);
    const expired = await onboardingLink(stripe, other.id);
    await controls.expireLink(expired.url.split('/').pop() ?? '');

    const again = await fetch(used.url, { redirect: 'manual' });
    const late = await submitOnboarding(expired.url);

    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(REFRESH_URL);
    expect(late).toEqual({ status: 303, location: REFRESH_URL });
    expect((await stripe.accounts.retrieve(other.id)).payouts_enabled).toBe(false);
  });
});

describe('POST /v1/transfers (separate charges and transfers)', () => {
  test('When a PaymentIntent carries a transfer_group, then it and its charge echo it', async () => {
    const { orderId, intent, charge } = await paidOrder(stripe);

    expect(intent.transfer_group).toBe(orderId);
    expect(await stripe.charges.retrieve(charge)).toMatchObject({
      transfer_group: orderId,
      amount: 2000,
      disputed: false,
    });
  });

  test("When part of a charge is transferred to an enabled seller, then the transfer is Stripe's and the seller's balance grows", async () => {
    const seller = await enabledSeller(stripe);
    const { orderId, charge } = await paidOrder(stripe);

    const transfer = await stripe.transfers.create(
      {
        amount: 1800,
        currency: 'usd',
        destination: seller.id,
        source_transaction: charge,
        transfer_group: orderId,
        metadata: { orderId },
      },
      { idempotencyKey: `transfer:${orderId}` },
    );

    expect(transfer).toMatchObject({
      object: 'transfer',
      amount: 1800,
      amount_reversed: 0,
      reversed: false,
      currency: 'usd',
      destination: seller.id,
      source_transaction: charge,
      transfer_group: orderId,
      metadata: { orderId },
      reversals: { object: 'list', data: [], has_more: false },
    });
    expect(transfer.id).toMatch(/^tr_/);
    expect(await stripe.transfers.retrieve(transfer.id)).toMatchObject({ id: transfer.id, amount: 1800 });
    expect(await controls.balance(seller.id)).toEqual([{ amount: 1800, currency: 'usd' }]);
  });

  test('When the seller has not finished onboarding, then the transfer is refused and nothing moves', async () => {
    const seller = await createSellerAccount(stripe);
    const { charge } = await paidOrder(stripe);

    const refused = await thrown(() =>
      stripe.transfers.create({ amount: 1000, currency: 'usd', destination: seller.id, source_transaction: charge }),
    );

    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'destination' });
    expect(refused.message).toContain('capabilities enabled: transfers');
    expect(await controls.balance(seller.id)).toEqual([]);
  });

  test('When transfers would take more than the source charge has left, or it does not exist, then they are refused', async () => {
    const seller = await enabledSeller(stripe);
    const { charge } = await paidOrder(stripe, 2000);
    await stripe.transfers.create({
      amount: 1500,
      currency: 'usd',
      destination: seller.id,
      source_transaction: charge,
    });

    const tooMuch = await thrown(() =>
      stripe.transfers.create({ amount: 501, currency: 'usd', destination: seller.id, source_transaction: charge }),
    );
    const missing = await thrown(() =>
      stripe.transfers.create({ amount: 100, currency: 'usd', destination: seller.id, source_transaction: 'ch_nope' }),
    );
    const rest = await stripe.transfers.create({
      amount: 500,
      currency: 'usd',
      destination: seller.id,
      source_transaction: charge,
    });

    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    expect(missing).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'source_transaction' });
    expect(rest.amount).toBe(500);
  });

  test('When transfers are listed by transfer_group, then only that group comes back, newest first', async () => {
    const seller = await enabledSeller(stripe);
    const first = await paidOrder(stripe);
    const second = await paidOrder(stripe);
    const a = await stripe.transfers.create({
      amount: 100,
      currency: 'usd',
      destination: seller.id,
      transfer_group: first.orderId,
    });
    await stripe.transfers.create({
      amount: 200,
      currency: 'usd',
      destination: seller.id,
      transfer_group: second.orderId,
    });
    const b = await stripe.transfers.create({
      amount: 300,
      currency: 'usd',
      destination: seller.id,
      transfer_group: first.orderId,
    });

    const listed = await stripe.transfers.list({ transfer_group: first.orderId });
    const none = await stripe.transfers.list({ transfer_group: 'no-such-group' });
    const paged = await stripe.transfers.list({ transfer_group: first.orderId, limit: 1, starting_after: b.id });

    expect(listed).toMatchObject({ object: 'list', has_more: false, url: '/v1/transfers' });
    expect(listed.data.map((transfer) => transfer.id)).toEqual([b.id, a.id]);
    expect(none.data).toEqual([]);
    expect(paged.data.map((transfer) => transfer.id)).toEqual([a.id]);
  });
});

describe('POST /v1/transfers/:id/reversals', () => {
  async function fundedTransfer(amount = 1800) {
    const seller = await enabledSeller(stripe);
    const { orderId, charge } = await paidOrder(stripe);
    const transfer = await stripe.transfers.create({
      amount,
      currency: 'usd',
      destination: seller.id,
      source_transaction: charge,
      transfer_group: orderId,
    });
    return { seller, transfer };
  }

  test('When part and then the rest is reversed, then the transfer is reversed in full and the balance is back to 0', async () => {
    const { seller, transfer } = await fundedTransfer();

    const part = await stripe.transfers.createReversal(
      transfer.id,
      { amount: 800, metadata: { reason: 'refund' } },
      { idempotencyKey: newKey('reverse') },
    );
    const rest = await stripe.transfers.createReversal(transfer.id);
    const after = await stripe.transfers.retrieve(transfer.id);
    const nothingLeft = await thrown(() => stripe.transfers.createReversal(transfer.id));

    expect(part).toMatchObject({
      object: 'transfer_reversal',
      amount: 800,
      transfer: transfer.id,
      metadata: { reason: 'refund' },
    });
    expect(part.id).toMatch(/^trr_/);
    expect(rest.amount).toBe(1000);
    expect(after).toMatchObject({ amount_reversed: 1800, reversed: true });
    expect(after.reversals.data.map((reversal) => reversal.id)).toEqual([rest.id, part.id]);
    expect(nothingLeft).toMatchObject({ statusCode: 400 });
    expect(await controls.balance(seller.id)).toEqual([{ amount: 0, currency: 'usd' }]);
  });

  test('When the seller was paid out, then the reversal is refused balance_insufficient and the transfer is unchanged', async () => {
    const { seller, transfer } = await fundedTransfer();
    await controls.payOut(seller.id);

    const refused = await thrown(() =>
      stripe.transfers.createReversal(transfer.id, {}, { idempotencyKey: newKey('reverse') }),
    );

    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
    expect(await stripe.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 0, reversed: false });
  });

  test('When a reversal asks for more than is left, then it is refused amount_too_large', async () => {
    const { transfer } = await fundedTransfer(500);

    const refused = await thrown(() => stripe.transfers.createReversal(transfer.id, { amount: 501 }));

    expect(refused).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
  });
});

describe("Stripe's 24-hour idempotency window", () => {
  test('When the stored keys are forgotten, then the same key creates a second transfer, which a look-up by transfer_group shows', async () => {
    const seller = await enabledSeller(stripe);
    const { orderId } = await paidOrder(stripe);
    const create = () =>
      stripe.transfers.create(
        { amount: 100, currency: 'usd', destination: seller.id, transfer_group: orderId },
        { idempotencyKey: `transfer:${orderId}` },
      );
    const first = await create();
    const replayed = await create();

    const { forgotten } = await controls.forgetIdempotencyKeys();
    const second = await create();

    expect(replayed.id).toBe(first.id);
    expect(forgotten).toBeGreaterThan(0);
    expect(second.id).not.toBe(first.id);
    expect((await stripe.transfers.list({ transfer_group: orderId })).data).toHaveLength(2);
  });
});
