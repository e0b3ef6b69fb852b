import { drainBus, type Bus } from '@ticketing/common';
import {
  connectTestBus,
  eventually,
  startTestNats,
  testMongoUri,
  type ServiceProcess,
  type TestEngine,
} from '@ticketing/common/testing';
import type { Connection } from 'mongoose';
import { openDatabase, ticketRows } from '../support/database';
import { api, signIn } from '../support/harness';
import { buildOrders, startOrdersProcess, startTicketsProcess } from '../support/processes';

// DESIGN §6/§7 across two services: a seller's edits race a purchase. Orders reserves on its unique key; tickets
// applies OrderCreated as the insert of the ticket's next version, so no edit can land after the reservation.

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
  test('When the seller edits a ticket in a loop while 10 buyers order it, then one order holds it, no edit lands after, and orders ends at its final version', async () => {
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
      // Keep editing until a few edits in a row were refused: the reservation has landed in tickets.
      for (let n = 1, refused = 0; refused < 5 && Date.now() < deadline; n++) {
        const res = await api(tickets.url, 'PUT', `/api/tickets/${id}`, {
          cookie: seller.cookie,
          json: { title: `Edit ${n}`, price: 10 + n },
        });
        edits.push({ n, status: res.status, version: res.body?.version });
        refused = res.status === 409 ? refused + 1 : 0;
      }
    })();
    await eventually(() => edits.filter((e) => e.status === 200).length >= 3, 'the seller has edited three times');
    const buyers = Array.from({ length: 10 }, () => signIn());

    const orderResults = await Promise.all(
      buyers.map((b) => api(orders.url, 'POST', '/api/orders', { cookie: b.cookie, json: { ticketId: id } })),
    );
    await editing;

    const winners = orderResults.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    expect(orderResults.filter((r) => r.status === 409)).toHaveLength(buyers.length - 1);
    const order = winners[0]!.body;
    const final = (await api(tickets.url, 'GET', `/api/tickets/${id}`)).body;
    expect(final).toMatchObject({ id, status: 'reserved', orderId: order.id });

    expect(edits.every((e) => e.status === 200 || e.status === 409)).toBe(true);
    const firstRefused = edits.findIndex((e) => e.status === 409);
    expect(firstRefused).toBeGreaterThan(0);
    // Once refused, always refused: no edit succeeded after the reservation...
    expect(edits.slice(firstRefused).every((e) => e.status === 409)).toBe(true);
    // ...and every edit that succeeded stored a version below the reservation's, which is the ticket's last.
    const editedVersions = edits.filter((e) => e.status === 200).map((e) => e.version!);
    expect(Math.max(...editedVersions)).toBeLessThan(final.version);
    const lastEdit = edits[firstRefused - 1]!;
    expect({ title: final.title, price: final.price }).toEqual({ title: `Edit ${lastEdit.n}`, price: 10 + lastEdit.n });

    const [row] = await eventually(
      async () => {
        const r = await ticketRows(ordersDb, { _id: id });
        return r[0]?.version === final.version ? r : null;
      },
      `orders' replica at version ${final.version}`,
      { timeoutMs: 20_000 },
    );
    expect(row).toEqual({ _id: id, version: final.version, title: final.title, price: final.price, userId: seller.id });
  }, 120_000);
});
