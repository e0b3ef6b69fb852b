import { drainBus, type Bus } from '@ticketing/common';
import {
  connectTestBus,
  eventually,
  startTestNats,
  testMongoUri,
  type ServiceProcess,
  type TestEngine,
} from '@ticketing/testing';
import type { Connection } from 'mongoose';
import { openDatabase, ticketRows } from '../support/database';
import { api, signIn } from '../support/harness';
import { buildOrders, startOrdersProcess, startTicketsProcess } from '../support/processes';

// DESIGN §6/§7 across two services: a seller's edits race a purchase. Orders locks on its unique key; tickets applies
// OrderCreated as a conditional update of the ticket's version, so no edit can land after the reservation; and an
// order priced before an edit of the price is refused by tickets and cancelled by orders, so no buyer is charged a
// price their order does not show (issue 14).

let nats: TestEngine;
let bus: Bus;
let tickets: ServiceProcess;
let orders: ServiceProcess;
let ordersDb: Connection;

beforeAll(async () => {
  buildOrders();
  nats = await startTestNats();
  const ordersUri = testMongoUri('orders_flow');
  [tickets, orders] = await Promise.all([
    startTicketsProcess({ MONGO_URI: testMongoUri('tickets_flow'), NATS_URL: nats.url }),
    startOrdersProcess('orders', { MONGO_URI: ordersUri, NATS_URL: nats.url }),
  ]);
  bus = await connectTestBus(nats.url);
  ordersDb = await openDatabase(ordersUri);
}, 120_000);

afterAll(async () => {
  await Promise.all([tickets?.stop(), orders?.stop()]);
  await ordersDb?.close();
  if (bus) await drainBus(bus);
  await nats?.stop();
});

describe('flow: the seller edits while buyers order', () => {
  test('When the seller reprices a ticket in a loop while buyers order it, then the order that holds it shows its price, every other order is cancelled with the reason, and no edit lands after', async () => {
    const seller = signIn();
    const created = await api(tickets.url, 'POST', '/api/tickets', {
      cookie: seller.cookie,
      json: { title: 'Edit race', price: 10 },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await eventually(() => ordersDb.collection('tickets').findOne({ _id: id as never }), 'orders has the ticket');

    const edits: Array<{ n: number; status: number; version?: number }> = [];
    const editing = (async () => {
      const deadline = Date.now() + 60_000;
      // Keep repricing (one edit every 30 ms) until a few edits in a row were refused: a reservation has landed.
      for (let n = 1, refused = 0; refused < 5 && Date.now() < deadline; n++) {
        const res = await api(tickets.url, 'PUT', `/api/tickets/${id}`, {
          cookie: seller.cookie,
          json: { title: `Edit ${n}`, price: 10 + n },
        });
        edits.push({ n, status: res.status, version: res.body?.version });
        refused = res.status === 409 ? refused + 1 : 0;
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    await eventually(() => edits.filter((e) => e.status === 200).length >= 3, 'the seller has edited three times');

    // Buyers keep ordering: each order either gets the reservation or is cancelled because the price moved first.
    const placed: Array<{ id: string; cookie: string; price: number }> = [];
    let holder: { id: string; price: number } | undefined;
    for (let attempt = 0; attempt < 200 && !holder; attempt++) {
      const buyer = signIn();
      const res = await api(orders.url, 'POST', '/api/orders', { cookie: buyer.cookie, json: { ticketId: id } });
      if (res.status !== 201) {
        // 409: a previous order holds the lock until its cancel lands (a round trip through tickets, which refuses
        // it, and back as ReservationRefused). Paced, so that a loaded machine does not use up the attempts on it.
        await new Promise((r) => setTimeout(r, 25));
        continue;
      }
      placed.push({ id: res.body.id, cookie: buyer.cookie, price: res.body.ticket.price });
      holder = await eventually(async () => {
        const order = (await api(orders.url, 'GET', `/api/orders/${res.body.id}`, { cookie: buyer.cookie })).body;
        if (order.status === 'cancelled') return { settled: 'cancelled' as const };
        const ticket = (await api(tickets.url, 'GET', `/api/tickets/${id}`)).body;
        return ticket.orderId === res.body.id ? { settled: 'reserved' as const } : null;
      }, `order ${res.body.id} reserved or cancelled`).then((r) =>
        r.settled === 'reserved' ? { id: res.body.id, price: res.body.ticket.price } : undefined,
      );
    }
    await editing;

    expect(holder).toBeDefined();
    const final = (await api(tickets.url, 'GET', `/api/tickets/${id}`)).body;
    expect(final).toMatchObject({ id, status: 'reserved', orderId: holder!.id });
    // The buyer is charged what the order shows: the ticket's price when it was reserved.
    expect(final.price).toBe(holder!.price);
    for (const order of placed.filter((o) => o.id !== holder!.id)) {
      const shown = (await api(orders.url, 'GET', `/api/orders/${order.id}`, { cookie: order.cookie })).body;
      expect(shown).toMatchObject({ status: 'cancelled', cancelReason: expect.stringContaining('seller changed') });
    }

    expect(edits.every((e) => e.status === 200 || e.status === 409)).toBe(true);
    const firstRefused = edits.findIndex((e) => e.status === 409);
    expect(firstRefused).toBeGreaterThan(0);
    // Once refused, always refused: no edit succeeded after the reservation...
    expect(edits.slice(firstRefused).every((e) => e.status === 409)).toBe(true);
    // ...and every edit that succeeded stored a version below the reservation's, which is the ticket's last.
    const editedVersions = edits.filter((e) => e.status === 200).map((e) => e.version!);
    expect(Math.max(...editedVersions)).toBeLessThan(final.version);
    process.stderr.write(`reprice flow: ${edits.length} edits, ${placed.length} orders, the last one reserved\n`);

    const [row] = await eventually(
      async () => {
        const r = await ticketRows(ordersDb, { _id: id });
        return r[0]?.version === final.version ? r : null;
      },
      `orders' replica at version ${final.version}`,
      { timeoutMs: 20_000 },
    );
    expect(row).toEqual({
      _id: id,
      version: final.version,
      title: final.title,
      price: final.price,
      userId: seller.id,
      reservedFor: holder!.id,
    });
  }, 120_000);
});
