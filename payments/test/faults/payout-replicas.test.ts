// DESIGN §12, money conserved with two payout-job replicas and a replica killed at the worst moment. Two payments
// processes (`node payments/dist/index.js`, each behind its own proxy to the Stripe fake) run the payout job every
// second; a third, in this process, applies the fake's webhooks and gives the test the database (its own job runs
// only at its start). Asserted from Stripe's side (the fake) and ours, per completed charge, to the cent:
//   refunded + disputed + (transferred − reversed) + fee kept − recorded loss = amount,
// where the fee is kept only on a payout that stands and a loss is the transfer Stripe refused to reverse (money the
// platform paid out of its own balance, so it enters with a minus).
import { EventCancelled } from '@ticketing/common';
import { eventually, publishEvent, type ServiceProcess, settled, testMongoUri } from '@ticketing/testing';
import { Payout, payoutWatches } from '../../src/models/payout';
import { startStripeFakeProbe, type StripeFakeProbe } from '../support/stripe-fake-probe';
import { type Harness, startPayments } from '../support/payments-harness';
import { buildPayments, startPaymentsProcess } from '../support/payments-process';
import { type KillingProxy, startKillingProxy } from '../support/killing-proxy';
import {
  deliverWebhooksTo,
  enabledSeller,
  fakeControl,
  moneyOf,
  payoutWhen,
  sell,
  type Seller,
} from '../support/payouts-harness';
import { findSellerAccount } from '../../src/models/seller-account';

const JOB = { PAYOUT_DELAY_SECONDS: '0', PAYOUTS_INTERVAL_SECONDS: '1', STRIPE_TIMEOUT_MS: '1000' };
let fake: StripeFakeProbe;
let h: Harness;
const proxies: KillingProxy[] = [];
const replicas: ServiceProcess[] = [];

beforeAll(async () => {
  buildPayments();
  fake = await startStripeFakeProbe();
  const mongoUri = testMongoUri('payments_payouts');
  h = await startPayments(fake.url, { ...JOB, MONGO_URI: mongoUri, PAYOUTS_INTERVAL_SECONDS: '3600' });
  await deliverWebhooksTo(fake.url, h.base);
  for (const name of ['payments-2', 'payments-3']) {
    const proxy = await startKillingProxy(fake.url);
    proxies.push(proxy);
    replicas.push(
      await startPaymentsProcess(name, {
        ...JOB,
        STRIPE_NETWORK_RETRIES: '0',
        MONGO_URI: mongoUri,
        NATS_URL: h.nats.url,
        STRIPE_API_URL: proxy.url,
      }),
    );
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await h?.stop();
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await fake?.close();
});

/** Transfers the fake made (not replays) for the order. */
const transfersMadeFor = (orderId: string) =>
  fake.finished.filter(
    (l) =>
      l.method === 'POST' &&
      l.path === '/v1/transfers' &&
      l.idempotencyKey === `transfer:${orderId}` &&
      !l.replayed &&
      l.status === 200,
  ).length;

async function chargeIdOf(stripeId: string): Promise<string> {
  return (await fake.sdk.paymentIntents.retrieve(stripeId)).latest_charge as string;
}

const FINAL = new Set(['paid', 'reversed', 'lost', 'void']);

describe('fault: payouts with two replicas', () => {
  test('When sales are paid out, refunded, disputed and cancelled before and after their transfer, then every cent is accounted for and each order has at most one transfer', async () => {
    const seller = await enabledSeller(h.base);
    const shortSeller = await enabledSeller(h.base);
    const soon = { startsInMs: 1_000 };
    const later = { startsInMs: 3_600_000 };
    const paidOut = await Promise.all([13.37, 20, 99.99].map((price) => sell(h, seller, { price, ...soon })));
    const refundedBefore = await sell(h, seller, { price: 40, ...later });
    const refundedAfter = await sell(h, seller, { price: 55.55, ...soon });
    const lost = await sell(h, shortSeller, { price: 70, ...soon });
    const disputedBefore = await sell(h, seller, { price: 31, ...later });
    const disputedAfter = await sell(h, seller, { price: 42.42, ...soon });
    for (const sale of [...paidOut, refundedAfter, lost, disputedAfter]) {
      await payoutWhen(sale.orderId, (p) => p.state === 'paid', 'paid');
    }

    // The short seller's bank payout empties their connected balance: a reversal can no longer be funded.
    const account = await findSellerAccount(shortSeller.userId);
    await fakeControl(fake.url, 'POST', `/_fake/accounts/${account?.stripeAccountId}/payout`);
    for (const sale of [refundedBefore, refundedAfter, lost]) {
      await publishEvent(h.bus, EventCancelled, { id: sale.eventId, version: 1 });
    }
    for (const sale of [disputedBefore, disputedAfter]) {
      await fakeControl(fake.url, 'POST', `/_fake/charges/${await chargeIdOf(sale.stripeId)}/dispute`);
    }
    // A disputed sale's event cancelled too: Stripe refunds nothing (the bank returned the money), and the
    // cancellation's consumer still finishes.
    await publishEvent(h.bus, EventCancelled, { id: disputedBefore.eventId, version: 1 });

    const expected: Array<[{ orderId: string; stripeId: string }, string]> = [
      ...paidOut.map((sale): [typeof sale, string] => [sale, 'paid']),
      [refundedBefore, 'void'],
      [refundedAfter, 'reversed'],
      [lost, 'lost'],
      [disputedBefore, 'void'],
      [disputedAfter, 'reversed'],
    ];
    for (const [sale, state] of expected) {
      const payout = await payoutWhen(sale.orderId, (p) => FINAL.has(p.state) && p.state === state, state, 20_000);
      const money = await moneyOf(fake.sdk, sale, payout);
      expect({ orderId: sale.orderId, state: payout.state, ...money }).toEqual({
        orderId: sale.orderId,
        state,
        ...money,
        // The identity itself, so a failure shows every term.
        amount: money.refunded + money.disputed + money.transferred - money.reversed + money.fee - money.loss,
      });
      expect(transfersMadeFor(sale.orderId)).toBe(state === 'void' ? 0 : 1);
    }
    await settled(h.bus, 'payments-event-cancelled', 20_000);
    const lostPayout = await Payout.findById(lost.orderId).lean();
    expect(lostPayout).toMatchObject({ lossCents: 6300, undoneReason: 'event-cancelled' });
  }, 60_000);

  test('When the replica that made a transfer is SIGKILLed before recording it and Stripe forgets its keys, then after the restart the transfer is found and recorded, never made twice', async () => {
    const seller: Seller = await enabledSeller(h.base);
    let killed: ServiceProcess | undefined;
    const sale = await sell(h, seller, { price: 25, startsInMs: 60_000 });
    proxies.forEach((proxy, i) =>
      proxy.arm(sale.orderId, async () => {
        killed = replicas[i];
        await killed?.kill();
      }),
    );

    // Due now: the replicas' next pass takes it.
    await Payout.collection.updateOne({ _id: sale.orderId } as never, { $set: { scheduledFor: new Date() } });
    await payoutWatches.watchDue(sale.orderId);
    await eventually(() => killed, 'a replica killed right after its transfer', { timeoutMs: 15_000 });
    expect(transfersMadeFor(sale.orderId)).toBe(1);
    expect((await Payout.findById(sale.orderId).lean())?.transferId).toBeUndefined();
    await fakeControl(fake.url, 'POST', '/_fake/idempotency/forget');
    await killed?.restart();

    const paid = await payoutWhen(sale.orderId, (p) => p.state === 'paid', 'paid after the restart', 20_000);
    const transfers = (await fake.sdk.transfers.list({ transfer_group: sale.orderId })).data;
    expect(transfers.map((t) => t.id)).toEqual([paid.transferId]);
    expect(transfersMadeFor(sale.orderId)).toBe(1);
  }, 60_000);
});
