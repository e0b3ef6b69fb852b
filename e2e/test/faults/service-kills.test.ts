// Fault: every service SIGKILLed in turn (twice each) while 100 buyers order a ticket each and two thirds of them
// pay, through the gateway, as `npm start` runs the system (the supervisor restarts a part that dies). Clients retry a
// failed request (502 from the gateway, 503, a cut connection) with the same Idempotency-Key, as a careful client
// does. Asserted once the system has settled: every order is completed, cancelled, or still open with its ticket
// reserved for it; no ticket is held by a cancelled order; every charge is settled (none `created`); orders' ticket
// replica and payments' order replica are at the owner's version for every entity.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually } from '@ticketing/testing';
import { MongoClient } from 'mongodb';
import { ApiUser, type Order, type Ticket } from '../support/api';
import type { SystemPart } from '@ticketing/local';
import { startTestSystem, type TestSystem } from '../support/system';

const BUYERS = 100;
const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments'];
let system: TestSystem;
let mongo: MongoClient;

beforeAll(async () => {
  system = await startTestSystem({ expirationWindowSeconds: 40 });
  const { mongoUri } = JSON.parse(await readFile(path.join(system.system.dataDir, 'engines.json'), 'utf8')) as {
    mongoUri: string;
  };
  mongo = await MongoClient.connect(mongoUri);
}, 180_000);
afterAll(async () => {
  await mongo?.close();
  await system?.stop();
});

/** Sends a write until it gets an answer that is not a transient failure, with one Idempotency-Key for all tries. */
async function untilAnswered<T>(send: (key: string) => Promise<{ status: number; body: T }>) {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const res = await send(key).catch(() => ({ status: 0, body: undefined as T }));
    if (![0, 502, 503, 504].includes(res.status) || attempt >= 60) return res;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// A restart takes 2-3 s here when the machine is idle and 10-25 s when it is busy (measured); past the launcher's
// own deadline for a part to answer its readiness probe (90 s, then it counts the restart as failed) it is stuck.
const RESTART_TIMEOUT_MS = 90_000;

/**
 * The part named `name` once it runs again: a pid recorded that is none of those killed (the supervisor records a new
 * run's pid once it is ready) and its readiness probe answering 200. Fails the test, naming the part, past
 * RESTART_TIMEOUT_MS.
 */
async function upAgain(name: string, killedPids: ReadonlySet<number>): Promise<SystemPart> {
  const part = system.system.parts.find((p) => p.name === name);
  if (!part) throw new Error(`no part ${name}`);
  await eventually(
    async () =>
      !killedPids.has(part.pid) &&
      (await fetch(`${part.url}/readyz`, { signal: AbortSignal.timeout(2_000) })).status === 200,
    `${name} to be up again after its SIGKILL (a new pid recorded and GET /readyz answering 200)`,
    { timeoutMs: RESTART_TIMEOUT_MS, intervalMs: 200 },
  );
  return part;
}

const docs = (db: string, collection: string) =>
  mongo.db(db).collection<Record<string, unknown> & { _id: string; version: number }>(collection).find().toArray();

describe('fault: each service SIGKILLed in turn during orders and payments', () => {
  test(`When every service is killed twice while ${BUYERS} buyers order and pay, then every order is completed, cancelled or open with its lock, and every replica converges`, async () => {
    const seller = await ApiUser.signedUp(system.url);
    const tickets: Ticket[] = [];
    for (let i = 0; i < BUYERS; i++) {
      const res = await seller.call<Ticket>('POST', '/api/tickets', { title: `Kill Concert ${i}`, price: 10 + i });
      tickets.push(res.body);
    }
    // Ten sign-ups at a time: each is a deliberately slow scrypt, and 100 at once on a busy 2-core machine kept some
    // waiting past the gateway's 60 s (a 504) before any service was killed.
    const buyers: ApiUser[] = [];
    while (buyers.length < BUYERS) {
      const batch = Math.min(10, BUYERS - buyers.length);
      buyers.push(...(await Promise.all(Array.from({ length: batch }, () => ApiUser.signedUp(system.url)))));
    }
    await eventually(
      async () => (await buyers[0]!.call('POST', '/api/orders', { ticketId: 'f'.repeat(24) })).status === 404,
      'orders up',
    );

    // One kill every 1.5 s, each of a part that is up again: a SIGKILL sent before the supervisor has restarted the
    // previous run finds no process (ESRCH on a cold machine, where a restart takes seconds).
    let kills = 0;
    const killedPids = new Set<number>();
    const killer = (async () => {
      for (let round = 0; round < 2; round++) {
        for (const name of SERVICES) {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          const { pid } = await upAgain(name, killedPids);
          killedPids.add(pid);
          process.kill(pid, 'SIGKILL');
          kills++;
        }
      }
      // The system is whole again before the state is judged.
      for (const name of SERVICES) await upAgain(name, killedPids);
    })();

    const ordering = Promise.all(
      buyers.map(async (buyer, i) => {
        const ticket = tickets[i]!;
        const placed = await untilAnswered((key) =>
          buyer.call<Order>('POST', '/api/orders', { ticketId: ticket.id }, { 'Idempotency-Key': key }),
        );
        if (placed.status !== 201) return { ordered: placed.status };
        if (i % 3 === 0) return { ordered: 201, order: placed.body };
        const paid = await untilAnswered((key) =>
          buyer.call(
            'POST',
            '/api/payments',
            { orderId: placed.body.id, paymentMethod: 'pm_card_visa' },
            {
              'Idempotency-Key': key,
            },
          ),
        );
        return { ordered: 201, order: placed.body, paid: paid.status };
      }),
    );
    // Together: a killer that times out fails the test at once, with its message.
    const [outcomes] = await Promise.all([ordering, killer]);

    const orderedIds = outcomes.flatMap((o) => (o.order ? [o.order.id] : []));
    // Settled: no charge in flight, and both replicas at their owner's version.
    const state = await eventually(
      async () => {
        const [ownTickets, ticketReplica, ownOrders, orderReplica, charges] = await Promise.all([
          docs('tickets', 'tickets'),
          docs('orders', 'tickets'),
          docs('orders', 'orders'),
          docs('payments', 'orders'),
          docs('payments', 'charges'),
        ]);
        const replicaOf = (rows: typeof ownTickets) => new Map(rows.map((r) => [r._id, r.version]));
        const ticketVersions = replicaOf(ticketReplica);
        const orderVersions = replicaOf(orderReplica);
        // Every order's state has reached its ticket: open and completed orders hold it, cancelled ones do not.
        const ticketOf = new Map(ownTickets.map((t) => [t._id, t]));
        const reached = ownOrders.every((o) => {
          const ticket = ticketOf.get((o.ticket as { id: string }).id);
          if (o.status === 'created') return ticket?.orderId === o._id;
          if (o.status === 'completed') return ticket?.orderId === o._id && ticket.sold === true;
          return ticket?.orderId !== o._id;
        });
        const converged =
          reached &&
          ownTickets.every((t) => ticketVersions.get(t._id) === t.version) &&
          ownOrders.every((o) => orderVersions.get(o._id) === o.version) &&
          charges.every((c) => c.status !== 'created' && !c.lateCheckPending);
        return converged ? { ownTickets, ownOrders, charges } : null;
      },
      'orders reached their tickets, replicas converged and charges settled',
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );

    const orderById = new Map(state.ownOrders.map((o) => [o._id, o]));
    const ticketById = new Map(state.ownTickets.map((t) => [t._id, t]));
    for (const id of orderedIds) {
      const order = orderById.get(id);
      expect(order).toBeDefined();
      const ticket = ticketById.get((order!.ticket as { id: string }).id)!;
      if (order!.status === 'created') expect(ticket.orderId).toBe(id);
      else if (order!.status === 'completed') expect(ticket).toMatchObject({ orderId: id, sold: true });
      else expect(order!.status).toBe('cancelled');
    }
    for (const ticket of state.ownTickets) {
      if (ticket.orderId === undefined) continue;
      expect(['created', 'completed']).toContain(orderById.get(ticket.orderId as string)?.status);
    }
    expect(outcomes.every((o) => o.ordered === 201)).toBe(true);
    const paidOk = outcomes.filter((o) => o.paid === 201).length;
    process.stderr.write(
      `service kills: ${kills} kills; ${orderedIds.length} orders, ${paidOk} paid (201); ` +
        `${state.ownOrders.filter((o) => o.status === 'completed').length} completed, ` +
        `${state.ownOrders.filter((o) => o.status === 'cancelled').length} cancelled, ` +
        `${state.ownOrders.filter((o) => o.status === 'created').length} open\n`,
    );
    expect(kills).toBe(2 * SERVICES.length);
  }, 420_000);
});
