import { connectBus, drainBus, publishEnvelope, subscribeLive, type Bus } from '../src/bus';
import { TicketCreated, TicketUpdated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import {
  connectTestBus,
  eventually,
  publishEvent,
  startTestNats,
  testBusLogin,
  type TestEngine,
} from '@ticketing/testing';
import { capturingLogger } from './support';

let nats: TestEngine;
let testBus: Bus;
const buses: Bus[] = [];

beforeAll(async () => {
  nats = await startTestNats();
  testBus = await connectTestBus(nats.url);
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => drainBus(b)));
});

afterAll(async () => {
  await drainBus(testBus);
  await nats.stop();
});

/** One replica's bus connection, with its log lines kept. */
async function replica() {
  const captured = capturingLogger();
  const bus = await connectBus({
    url: nats.url,
    credentials: testBusLogin('tickets'),
    service: 'tickets',
    log: captured.log,
  });
  buses.push(bus);
  return { bus, lines: captured.lines };
}

const ticket = () => ({ id: newObjectId(), version: 0, title: 'Rock Concert', price: 100, userId: newObjectId() });

describe('subscribeLive', () => {
  test('When an event is published to the stream, then every replica sees it (no queue group)', async () => {
    const [a, b] = [await replica(), await replica()];
    const seenByA: string[] = [];
    const seenByB: string[] = [];
    subscribeLive(a.bus, TicketCreated, (data) => void seenByA.push(data.id));
    subscribeLive(b.bus, TicketCreated, (data) => void seenByB.push(data.id));
    await Promise.all([a.bus.nc.flush(), b.bus.nc.flush()]);
    const data = ticket();

    await publishEvent(testBus, TicketCreated, data);

    await eventually(() => seenByA.includes(data.id) && seenByB.includes(data.id), 'both replicas saw it');
  });

  test('When a payload is not a valid event, then it is logged and skipped, and the next one still arrives', async () => {
    const { bus, lines } = await replica();
    const seen: number[] = [];
    subscribeLive(bus, TicketUpdated, (data) => void seen.push(data.version));
    await bus.nc.flush();
    const bad = { ...TicketUpdated.create({ ...ticket(), version: 1 }), data: { id: 'nope' } };

    testBus.nc.publish('ticket.updated', JSON.stringify(bad));
    await publishEnvelope(testBus, TicketUpdated.create({ ...ticket(), version: 2 }));

    await eventually(() => seen.includes(2), 'the valid event');
    expect(seen).toEqual([2]);
    expect(lines().some((l) => l.msg === 'live event skipped: not a valid event')).toBe(true);
  });

  test('When stopped, then no more events are handled', async () => {
    const { bus } = await replica();
    const seen: string[] = [];
    const subscription = subscribeLive(bus, TicketCreated, (data) => void seen.push(data.id));
    await bus.nc.flush();

    subscription.stop();
    await bus.nc.flush();
    const data = ticket();
    await publishEvent(testBus, TicketCreated, data);
    const marker = ticket();
    const probe: string[] = [];
    subscribeLive(bus, TicketCreated, (d) => void probe.push(d.id));
    await bus.nc.flush();
    await publishEvent(testBus, TicketCreated, marker);

    await eventually(() => probe.includes(marker.id), 'a later subscription got the marker');
    expect(seen).toEqual([]);
  });
});
