// Issue 15, item 6: who may call what. One table, a row per route of DESIGN §3 (and §12's events), with the status each actor gets:
// signed out, another user, and the owner of what the route touches (the seller of a ticket, the buyer of an order).
// The test iterates the table against the whole system through the gateway, as a browser would reach it.
import { randomUUID } from 'node:crypto';
import { eventually } from '@ticketing/testing';
import { ApiUser, type Order, type Ticket } from './support/api';
import { startTestSystem, type TestSystem } from './support/system';

type Actor = 'signed out' | 'another user' | 'the owner';
const ACTORS: readonly Actor[] = ['signed out', 'another user', 'the owner'];

interface Account {
  email: string;
  password: string;
  /** A session of this account kept for the whole file. */
  session: ApiUser;
}

/** What a row's requests are made of, prepared once per row. */
interface RowContext {
  /** Whose ticket or order the route touches: its seller or buyer (or the event's creator, who gets no rights). */
  owner: Account;
  ticket?: Ticket;
  order?: Order;
  eventId?: string;
}

interface Call {
  path: string;
  body?: unknown;
}

interface Row {
  route: string;
  expected: Record<Actor, number>;
  /** Makes the row's owner and resources (default: the file's owner, nothing else). */
  prepare?: (f: Fixture) => Promise<RowContext>;
  /** The request of one call (a fresh resource when a call consumes it, as an order that gets cancelled). */
  call: (f: Fixture, row: RowContext) => Promise<Call>;
  /**
   * Each call signs in afresh: sign-out would end, and sign-up or sign-in would replace, the session that the other
   * rows use for that actor.
   */
  freshSession?: boolean;
}

/** Signs up a fresh account and keeps its session. */
async function newAccount(url: string): Promise<Account> {
  const email = `matrix-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'correct horse battery';
  const session = new ApiUser(url);
  const res = await session.call('POST', '/api/users/signup', { email, password });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, session };
}

class Fixture {
  constructor(
    readonly url: string,
    readonly owner: Account,
    readonly other: Account,
  ) {}

  account(): Promise<Account> {
    return newAccount(this.url);
  }

  async signedIn(account: Account): Promise<ApiUser> {
    const session = new ApiUser(this.url);
    const res = await session.call('POST', '/api/users/signin', { email: account.email, password: account.password });
    if (res.status !== 200) throw new Error(`signin: ${res.status}`);
    return session;
  }

  async ticketOf(seller: Account): Promise<Ticket> {
    const res = await seller.session.call<Ticket>('POST', '/api/tickets', { title: 'Matrix Concert', price: 25 });
    if (res.status !== 201) throw new Error(`ticket: ${res.status}`);
    return res.body;
  }

  /** A fresh event created by `creator`, starting in two hours. */
  async eventOf(creator: Account): Promise<string> {
    const res = await creator.session.call<{ id: string }>('POST', '/api/events', eventBody());
    if (res.status !== 201) throw new Error(`event: ${res.status}`);
    return res.body.id;
  }

  /** An order of `buyer` for a fresh ticket of another seller, once orders' replica knows that ticket. */
  async orderOf(buyer: Account): Promise<Order> {
    const seller = buyer === this.other ? this.owner : this.other;
    const ticket = await this.ticketOf(seller);
    return eventually(async () => {
      const res = await buyer.session.call<Order>('POST', '/api/orders', { ticketId: ticket.id });
      return res.status === 201 ? res.body : undefined;
    }, 'order placed');
  }

  /** Waits until payments' replica knows `order`: another user is refused with 403, not 404. */
  async payable(order: Order): Promise<void> {
    await eventually(async () => {
      const res = await this.other.session.call('POST', '/api/payments', {
        orderId: order.id,
        paymentMethod: 'pm_card_visa',
      });
      return res.status === 403;
    }, 'payments knows the order');
  }
}

const PUBLIC = { 'signed out': 200, 'another user': 200, 'the owner': 200 };

/** A new event's body: a title of its own, so that no two calls name the same event. */
function eventBody(): Record<string, string> {
  return {
    title: `Matrix Show ${randomUUID().slice(0, 8)}`,
    venue: 'Matrix Hall',
    city: 'Lyon',
    category: 'comedy',
    startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
  };
}

const TABLE: readonly Row[] = [
  {
    route: 'POST /api/users/signup',
    expected: { 'signed out': 201, 'another user': 201, 'the owner': 201 },
    freshSession: true,
    call: async () => ({
      path: '/api/users/signup',
      body: { email: `new-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery' },
    }),
  },
  {
    route: 'POST /api/users/signin',
    expected: PUBLIC,
    freshSession: true,
    call: async (f) => ({ path: '/api/users/signin', body: { email: f.owner.email, password: f.owner.password } }),
  },
  {
    route: 'POST /api/users/signout',
    expected: PUBLIC,
    freshSession: true,
    call: async () => ({ path: '/api/users/signout', body: {} }),
  },
  { route: 'GET /api/users/currentuser', expected: PUBLIC, call: async () => ({ path: '/api/users/currentuser' }) },
  { route: 'GET /api/tickets', expected: PUBLIC, call: async () => ({ path: '/api/tickets' }) },
  {
    route: 'GET /api/tickets/:id',
    expected: PUBLIC,
    prepare: async (f) => ({ owner: f.owner, ticket: await f.ticketOf(f.owner) }),
    call: async (_f, row) => ({ path: `/api/tickets/${row.ticket!.id}` }),
  },
  {
    route: 'GET /api/tickets/mine',
    expected: { 'signed out': 401, 'another user': 200, 'the owner': 200 },
    call: async () => ({ path: '/api/tickets/mine' }),
  },
  {
    route: 'POST /api/tickets',
    expected: { 'signed out': 401, 'another user': 201, 'the owner': 201 },
    call: async () => ({ path: '/api/tickets', body: { title: 'Matrix Gig', price: 30 } }),
  },
  {
    route: 'PUT /api/tickets/:id',
    expected: { 'signed out': 401, 'another user': 403, 'the owner': 200 },
    prepare: async (f) => ({ owner: f.owner, ticket: await f.ticketOf(f.owner) }),
    call: async (_f, row) => ({ path: `/api/tickets/${row.ticket!.id}`, body: { title: 'Renamed', price: 35 } }),
  },
  // DESIGN §12: the catalogue is public, any signed-in user may add an event, and only admins cancel one (the
  // creator included: creating gives no rights over it; an admin's cancel is in flows.test.ts).
  { route: 'GET /api/events', expected: PUBLIC, call: async () => ({ path: '/api/events' }) },
  {
    route: 'GET /api/events/:id',
    expected: PUBLIC,
    prepare: async (f) => ({ owner: f.owner, eventId: await f.eventOf(f.owner) }),
    call: async (_f, row) => ({ path: `/api/events/${row.eventId!}` }),
  },
  {
    route: 'GET /api/events/:id/tickets',
    expected: PUBLIC,
    prepare: async (f) => ({ owner: f.owner, eventId: await f.eventOf(f.owner) }),
    call: async (_f, row) => ({ path: `/api/events/${row.eventId!}/tickets` }),
  },
  {
    route: 'POST /api/events',
    expected: { 'signed out': 401, 'another user': 201, 'the owner': 201 },
    call: async () => ({ path: '/api/events', body: eventBody() }),
  },
  {
    route: 'POST /api/events/:id/cancel',
    expected: { 'signed out': 401, 'another user': 403, 'the owner': 403 },
    prepare: async (f) => ({ owner: f.owner, eventId: await f.eventOf(f.owner) }),
    call: async (_f, row) => ({ path: `/api/events/${row.eventId!}/cancel`, body: {} }),
  },
  {
    route: 'GET /api/orders',
    expected: { 'signed out': 401, 'another user': 200, 'the owner': 200 },
    call: async () => ({ path: '/api/orders' }),
  },
  {
    route: 'GET /api/orders/:id',
    expected: { 'signed out': 401, 'another user': 403, 'the owner': 200 },
    prepare: async (f) => {
      const owner = await f.account();
      return { owner, order: await f.orderOf(owner) };
    },
    call: async (_f, row) => ({ path: `/api/orders/${row.order!.id}` }),
  },
  {
    route: 'POST /api/orders',
    expected: { 'signed out': 401, 'another user': 201, 'the owner': 201 },
    prepare: async (f) => ({ owner: await f.account() }),
    // A fresh ticket per call, sold by someone who is none of the actors: each actor may order it.
    call: async (f) => {
      const ticket = await f.ticketOf(await f.account());
      await eventually(async () => {
        const res = await new ApiUser(f.url).call('GET', `/api/tickets/${ticket.id}`);
        return res.status === 200;
      }, 'ticket listed');
      return { path: '/api/orders', body: { ticketId: ticket.id } };
    },
  },
  {
    route: 'DELETE /api/orders/:id',
    expected: { 'signed out': 401, 'another user': 403, 'the owner': 200 },
    prepare: async (f) => ({ owner: await f.account() }),
    call: async (f, row) => ({ path: `/api/orders/${(await f.orderOf(row.owner)).id}` }),
  },
  {
    route: 'POST /api/payments',
    expected: { 'signed out': 401, 'another user': 403, 'the owner': 201 },
    prepare: async (f) => ({ owner: await f.account() }),
    call: async (f, row) => {
      const order = await f.orderOf(row.owner);
      await f.payable(order);
      return { path: '/api/payments', body: { orderId: order.id, paymentMethod: 'pm_card_visa' } };
    },
  },
  {
    // After a 3-D Secure challenge (issue 16); here the order is already paid, so the owner gets the charge again.
    route: 'POST /api/payments/confirm',
    expected: { 'signed out': 401, 'another user': 403, 'the owner': 201 },
    prepare: async (f) => {
      const owner = await f.account();
      const order = await f.orderOf(owner);
      await f.payable(order);
      const paid = await owner.session.call('POST', '/api/payments', {
        orderId: order.id,
        paymentMethod: 'pm_card_visa',
      });
      if (paid.status !== 201) throw new Error(`payment failed: ${paid.status} ${JSON.stringify(paid.body)}`);
      return { owner, order };
    },
    call: async (_f, row) => ({ path: '/api/payments/confirm', body: { orderId: row.order!.id } }),
  },
  {
    route: 'GET /api/payments?orderId=',
    expected: { 'signed out': 401, 'another user': 200, 'the owner': 200 },
    prepare: async (f) => {
      const owner = await f.account();
      return { owner, order: await f.orderOf(owner) };
    },
    call: async (_f, row) => ({ path: `/api/payments?orderId=${row.order!.id}` }),
  },
];

let system: TestSystem;
let fixture: Fixture;
const prepared = new Map<Row, Promise<RowContext>>();

beforeAll(async () => {
  system = await startTestSystem({ expirationWindowSeconds: 900 });
  fixture = new Fixture(system.url, await newAccount(system.url), await newAccount(system.url));
});
afterAll(() => system?.stop());

async function sessionOf(actor: Actor, row: Row, context: RowContext): Promise<ApiUser> {
  if (actor === 'signed out') return new ApiUser(system.url);
  const account = actor === 'the owner' ? context.owner : fixture.other;
  return row.freshSession ? fixture.signedIn(account) : account.session;
}

describe('authorization matrix (DESIGN §3)', () => {
  const cases = TABLE.flatMap((row) => ACTORS.map((actor) => [row.route, actor, row.expected[actor], row] as const));

  test.each(cases)('%s as %s: %d', async (route, actor, expected, row) => {
    if (!prepared.has(row)) prepared.set(row, row.prepare?.(fixture) ?? Promise.resolve({ owner: fixture.owner }));
    const context = await prepared.get(row)!;
    const { path, body } = await row.call(fixture, context);
    const session = await sessionOf(actor, row, context);

    const res = await session.call(route.split(' ')[0]!, path, body);

    expect({ route, actor, status: res.status, body: res.status >= 400 ? res.body : undefined }).toEqual({
      route,
      actor,
      status: expected,
      body: expected >= 400 ? { errors: [{ message: expect.any(String) }] } : undefined,
    });
  });
});

describe('sessions that end (DESIGN §8), through the gateway', () => {
  test('When a user signs out, then a copy of the cookie taken before is refused by auth and by tickets at once', async () => {
    const account = await fixture.account();
    const victim = await fixture.signedIn(account);
    const otherSession = await fixture.signedIn(account);
    const stolen = victim.copy();
    const beforeSignOut = await stolen.call('POST', '/api/tickets', {
      title: 'Listed with a stolen cookie',
      price: 10,
    });

    const signOut = await victim.call('POST', '/api/users/signout', {});

    const me = await stolen.call<{ currentUser: unknown }>('GET', '/api/users/currentuser');
    const listing = await stolen.call('POST', '/api/tickets', { title: 'After sign-out', price: 10 });
    const stillSignedIn = await otherSession.call<{ currentUser: unknown }>('GET', '/api/users/currentuser');
    expect(beforeSignOut.status).toBe(201);
    expect(signOut.status).toBe(200);
    expect(me.body.currentUser).toBeNull();
    expect(listing.status).toBe(401);
    // Only that session ended: the same user's other session is untouched.
    expect(stillSignedIn.body.currentUser).not.toBeNull();
  });

  test('When sign-out is asked with GET, then 404 and the session still works', async () => {
    const account = await fixture.account();

    const res = await account.session.call('GET', '/api/users/signout');

    expect(res.status).toBe(404);
    expect(
      (await account.session.call<{ currentUser: unknown }>('GET', '/api/users/currentuser')).body.currentUser,
    ).not.toBeNull();
  });
});
