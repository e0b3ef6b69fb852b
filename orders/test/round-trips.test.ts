// DESIGN §6: "A request path does as few round trips as it can". Counted with the driver's command monitoring, so a
// change that adds a read-back, a search or a second write to a route fails here.
import { recordDatabaseCommands } from '@ticketing/testing';
import { api, listTicket, orderTicket, signIn, startOrders, ticketEvent, type OrdersHarness } from './support/harness';

let h: OrdersHarness;
/** What an order's insert needs first, sent at once: the outbox's pending marker and the open-orders entry. */
const BEFORE_INSERT = ['update orders_outbox_pending', 'update open_orders'];

beforeAll(async () => {
  h = await startOrders();
});

afterAll(async () => {
  await h.stop();
});

describe('database round trips', () => {
  test('When a buyer orders a ticket, then the request does 4 database operations in 3 round trips (at most 4 allowed)', async () => {
    const ticket = await listTicket(h);

    const { result, commands } = await recordDatabaseCommands(() => orderTicket(h, signIn().cookie, ticket.id));

    expect(result.status).toBe(201);
    // Read the ticket replica; at once, stamp the outbox's pending marker and list the order among the open orders
    // (DESIGN §16: the relay's and the overdue sweep's working sets); then store the order with its lock, its buyer
    // slot (slot 0: this buyer has no open order) and its OrderCreated in one insert.
    expect(commands).toEqual(['find tickets', ...BEFORE_INSERT, 'insert orders']);
    expect(commands.length).toBeLessThanOrEqual(4);
  });

  test('When the ticket is of an event, then the cancelled-event look-up rides with the writes before the insert, and once more after it', async () => {
    const ticket = await listTicket(h, { event: ticketEvent() });

    const { result, commands } = await recordDatabaseCommands(() => orderTicket(h, signIn().cookie, ticket.id));

    expect(result.status).toBe(201);
    // DESIGN §12: the started and on-sale rules come from the replica (no operation); the cancellation is asked with
    // the two writes, and again after the insert (an EventCancelled that looked for the event's open orders just
    // before the insert must not miss it: place-order.ts). 6 operations in 4 round trips.
    expect(commands).toEqual([
      'find tickets',
      ...BEFORE_INSERT,
      'find cancelled_events',
      'insert orders',
      'find cancelled_events',
    ]);
  });

  test('When the ticket is already locked, then the refusal costs the same 4 operations', async () => {
    const ticket = await listTicket(h);
    expect((await orderTicket(h, signIn().cookie, ticket.id)).status).toBe(201);

    const { result, commands } = await recordDatabaseCommands(() => orderTicket(h, signIn().cookie, ticket.id));

    expect(result.status).toBe(409);
    expect(commands).toEqual(['find tickets', ...BEFORE_INSERT, 'insert orders']);
  });

  test('When the buyer already holds 2 open orders, then the next takes the third slot: 6 operations', async () => {
    const buyer = signIn();
    for (let i = 0; i < 2; i++) expect((await orderTicket(h, buyer.cookie, (await listTicket(h)).id)).status).toBe(201);
    const ticket = await listTicket(h);

    const { result, commands } = await recordDatabaseCommands(() => orderTicket(h, buyer.cookie, ticket.id));

    expect(result.status).toBe(201);
    // Slots are tried in order (no read first), so the usual buyer with no open order pays nothing for the limit.
    expect(commands).toEqual(['find tickets', ...BEFORE_INSERT, 'insert orders', 'insert orders', 'insert orders']);
  });

  test('When the buyer cancels an order, then the request does 5 database operations', async () => {
    const buyer = signIn();
    const ticket = await listTicket(h);
    const order = await orderTicket(h, buyer.cookie, ticket.id);

    const { result, commands } = await recordDatabaseCommands(() =>
      api(h.url, 'DELETE', `/api/orders/${order.body.id}`, { cookie: buyer.cookie }),
    );

    expect(result.status).toBe(200);
    // The owner check reads the order; the cancel reads it, stamps its pending marker and updates it on its version
    // (one conditional update), then takes it out of the open orders.
    expect(commands).toEqual([
      'find orders',
      'find orders',
      'update orders_outbox_pending',
      'findAndModify orders',
      'delete open_orders',
    ]);
  });
});
