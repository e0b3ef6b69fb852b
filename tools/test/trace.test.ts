import {
  ChargeCreated,
  connectBus,
  createLogger,
  defineListener,
  drainBus,
  newObjectId,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderExpired,
  TicketCreated,
  TicketUpdated,
  listen,
  type Bus,
  type EventContract,
  type RunningListener,
} from '@ticketing/common';
import {
  connectTestBus,
  publishEvent,
  settled,
  startTestNats,
  testBusLogin,
  type TestEngine,
} from '@ticketing/testing';
import { runTraceCommand } from '../src/trace-command';

let nats: TestEngine;
let testBus: Bus;
const buses: Bus[] = [];
const running: RunningListener[] = [];

/** A durable consumer named as the service's would be (`<service>-<subject>`), acking everything it gets. */
async function consumeAs(service: string, ...events: EventContract[]): Promise<RunningListener[]> {
  const bus = await connectBus({
    url: nats.url,
    credentials: testBusLogin('testkit'),
    service,
    log: createLogger(service, 'silent'),
  });
  buses.push(bus);
  const started: RunningListener[] = [];
  for (const event of events) started.push(await listen(bus, defineListener({ event, handle: async () => undefined })));
  running.push(...started);
  return started;
}

async function trace(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runTraceCommand([...args, '--nats', nats.url], {
    // The tools log in as the unrestricted `operator` (npm start writes its login in DATA_DIR/engines.json).
    env: { NATS_USER: 'operator', NATS_PASSWORD: testBusLogin('operator').password },
    cwd: __dirname,
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

/** The `#seq time subject id` lines and the `consumed by:` line under each, as [subject, consumers]. */
function blocks(out: string): Array<[string, string]> {
  const lines = out.split('\n');
  return lines.flatMap((line, i) => {
    if (!line.startsWith('#')) return [];
    const consumed = lines.slice(i + 1).find((l) => l.trim().startsWith('consumed by:')) ?? '';
    return [[line.split(/\s+/)[2] ?? '', consumed.trim().replace('consumed by: ', '')] as [string, string]];
  });
}

beforeAll(async () => {
  nats = await startTestNats();
  testBus = await connectTestBus(nats.url);
  await consumeAs('tickets', OrderCreated, OrderCancelled, OrderCompleted);
  await consumeAs('orders', TicketCreated, TicketUpdated, ChargeCreated, OrderExpired);
  // expiration's durable exists but its process is down: what it has not handled shows as waiting.
  const [expiration] = await consumeAs('expiration', OrderCreated);
  await expiration?.stop();
});

afterAll(async () => {
  await Promise.allSettled(running.map((r) => r.stop()));
  for (const bus of [...buses, testBus]) if (bus) await drainBus(bus);
  await nats?.stop();
});

function ticketData(id: string, version: number, extra: { orderId?: string; sold?: boolean } = {}) {
  return { id, version, title: 'Rock Concert', price: 100, userId: newObjectId(), ...extra };
}

describe('npm run trace', () => {
  test('When an order is paid, then its events are listed in stream order with the services that handled each', async () => {
    const [orderId, otherOrderId, ticketId, buyer] = [newObjectId(), newObjectId(), newObjectId(), newObjectId()];
    const expiresAt = new Date(Date.now() + 900_000).toISOString();
    await publishEvent(testBus, TicketCreated, ticketData(ticketId, 0));
    const created = await publishEvent(testBus, OrderCreated, {
      id: orderId,
      version: 0,
      status: 'created',
      userId: buyer,
      expiresAt,
      ticket: { id: ticketId, price: 100, version: 0 },
    });
    await publishEvent(testBus, TicketUpdated, ticketData(ticketId, 1, { orderId }));
    await publishEvent(testBus, OrderCreated, {
      id: otherOrderId,
      version: 0,
      status: 'created',
      userId: buyer,
      expiresAt,
      ticket: { id: newObjectId(), price: 5, version: 0 },
    });
    await publishEvent(testBus, ChargeCreated, {
      id: newObjectId(),
      orderId,
      status: 'completed',
      amount: 100,
      stripeId: 'pi_1',
    });
    await publishEvent(testBus, OrderCompleted, { id: orderId, version: 1, ticket: { id: ticketId } });
    await publishEvent(testBus, TicketUpdated, ticketData(ticketId, 2, { orderId, sold: true }));
    for (const durable of [
      'tickets-order-created',
      'tickets-order-completed',
      'orders-ticket-updated',
      'orders-charge-created',
    ]) {
      await settled(testBus, durable);
    }

    const { code, out } = await trace(orderId);

    expect(code).toBe(0);
    // Acked by every durable, these are gone from TICKETING (interest retention): the trace reads the archive. The
    // durables of expiration, payments and queue were made by deployment (startTestNats), and wait for their services.
    expect(blocks(out)).toEqual([
      ['order.created', 'expiration (waiting), payments (waiting), tickets'],
      ['ticket.updated', 'orders, queue (waiting)'],
      ['charge.created', 'orders'],
      ['order.completed', 'expiration (waiting), payments (waiting), tickets'],
      ['ticket.updated', 'orders, queue (waiting)'],
    ]);
    expect(out).toContain(`order.created  ${created.envelope.id}`);
    expect(out).toContain(`"ticket":{"id":"${ticketId}","price":100,"version":0}`);
    expect(out).not.toContain(otherOrderId);
  });

  test('When an order expires, then the trace ends with the release of its ticket', async () => {
    const [orderId, ticketId] = [newObjectId(), newObjectId()];
    const expiresAt = new Date(Date.now() + 1_000).toISOString();
    await publishEvent(testBus, OrderCreated, {
      id: orderId,
      version: 0,
      status: 'created',
      userId: newObjectId(),
      expiresAt,
      ticket: { id: ticketId, price: 20, version: 0 },
    });
    await publishEvent(testBus, TicketUpdated, ticketData(ticketId, 1, { orderId }));
    await publishEvent(testBus, OrderExpired, { orderId });
    await publishEvent(testBus, OrderCancelled, { id: orderId, version: 1, ticket: { id: ticketId } });
    await publishEvent(testBus, TicketUpdated, ticketData(ticketId, 2));
    await publishEvent(testBus, TicketUpdated, ticketData(ticketId, 3, { orderId: newObjectId() }));
    await settled(testBus, 'orders-ticket-updated');
    await settled(testBus, 'tickets-order-cancelled');

    const { out } = await trace(orderId, '--json');

    const events = JSON.parse(out) as Array<{ seq: number; subject: string; data: { version?: number } }>;
    expect(events.map((e) => `${e.subject}${e.data.version === undefined ? '' : ` v${e.data.version}`}`)).toEqual([
      'order.created v0',
      'ticket.updated v1',
      'order.expired',
      'order.cancelled v1',
      'ticket.updated v2',
    ]);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
  });

  test('When no event mentions the order, then the trace says so and exits 1', async () => {
    const orderId = newObjectId();

    const { code, out } = await trace(orderId);

    expect(code).toBe(1);
    expect(out).toBe(`No event in stream TICKETING_ARCHIVE mentions order ${orderId}.\n`);
  });
});
