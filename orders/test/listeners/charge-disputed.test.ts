// DESIGN §12: a dispute of an order's charge (ChargeDisputed, from payments' Stripe webhook) as orders takes it. The
// order shows as disputed, its e-ticket is void at the door and for a transfer, with the reason, and a redelivery
// changes nothing.
import { ChargeDisputed, newObjectId, type OrderJson } from '@ticketing/common';
import { publishEvent, settled } from '@ticketing/testing';
import { Order } from '../../src/models/order';
import { adminCookie, completedOrder, registeredUser, scan, titledEvent, transfer } from '../support/etickets';
import { api, startOrders, type OrdersHarness } from '../support/harness';

const DURABLE = 'orders-charge-disputed';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

describe('listener: charge.disputed', () => {
  test('When an order’s charge is disputed (and the event redelivered), then the order shows it once, its code is refused at the door, it cannot be transferred, and the door no longer counts it', async () => {
    const buyer = await registeredUser(h.bus);
    const friend = await registeredUser(h.bus);
    const event = titledEvent();
    const order = await completedOrder(h, buyer, { event });
    const dispute = { id: newObjectId(), orderId: order.id, amount: 40, stripeDisputeId: 'dp_test' };

    await publishEvent(h.bus, ChargeDisputed, dispute);
    await settled(h.bus, DURABLE);
    const first = (await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie })).body as OrderJson;
    await publishEvent(h.bus, ChargeDisputed, dispute);
    await settled(h.bus, DURABLE);
    const seen = await api(h.url, 'GET', `/api/orders/${order.id}`, { cookie: buyer.cookie });
    const scanned = await scan(h, event.id, order.eticket!.code);
    const given = await transfer(h, order.id, buyer, friend.email);
    const tally = await api(h.url, 'GET', `/api/entries?eventId=${event.id}`, {
      cookie: adminCookie(),
    });
    const stored = await Order.findById(order.id).lean().exec();

    expect(first.disputedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    // The redelivery kept the first instant and changed nothing else.
    expect(seen.body).toEqual({ ...first });
    expect(seen.body).toMatchObject({ status: 'completed', version: order.version });
    expect(scanned.status).toBe(409);
    expect(scanned.body).toEqual({ errors: [{ message: "This order's payment was disputed" }] });
    expect(given.status).toBe(409);
    expect(given.body).toEqual({ errors: [{ message: "This order's payment was disputed" }] });
    expect(tally.body).toEqual({ eventId: event.id, sold: 0, admitted: 0 });
    expect(stored).toMatchObject({ holderId: buyer.id, eticket: { serial: 1 } });
    expect(stored?.eticket?.usedAt).toBeUndefined();
  });

  test('When the disputed order is unknown to orders, then the event is acknowledged and nothing is stored', async () => {
    const orderId = newObjectId();

    await publishEvent(h.bus, ChargeDisputed, { id: newObjectId(), orderId, amount: 10, stripeDisputeId: 'dp_x' });
    await settled(h.bus, DURABLE);

    expect(await Order.exists({ _id: orderId })).toBeNull();
  });
});
