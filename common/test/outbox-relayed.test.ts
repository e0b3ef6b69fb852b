import mongoose from 'mongoose';
import pino from 'pino';
import { drainBus, type Bus } from '../src/bus';
import { TicketCreated, type EventEnvelope } from '../src/events';
import { newObjectId } from '../src/http/ids';
import { EntityStore, startOutboxRelay, versionedSchema, type OutboxRelay, type Owned } from '../src/store';
import {
  connectTestBus,
  eventsInStream,
  eventually,
  startTestNats,
  testMongoUri,
  type TestEngine,
} from '@ticketing/testing';

// EntityStoreOptions.relayed: the owning service's own use of its events runs between the publish and the pull, so
// a failure there leaves the event in the outbox for the sweep, and it runs again until it succeeds.

interface ItemDoc extends Owned {
  name: string;
}

const seen: string[] = [];
let failuresLeft = 0;
const items = new EntityStore(
  mongoose.model<ItemDoc>(
    'RelayedItem',
    versionedSchema<ItemDoc>({ name: String }, { collection: 'relayed_items', outbox: true }),
  ),
  {
    relayed: async (event: EventEnvelope) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('the relayed step failed');
      }
      seen.push(event.id);
    },
  },
);

let nats: TestEngine;
let bus: Bus;
let relay: OutboxRelay;

beforeAll(async () => {
  nats = await startTestNats();
  await mongoose.connect(testMongoUri('outbox_relayed'));
  await items.init();
  bus = await connectTestBus(nats.url);
  relay = startOutboxRelay({ bus, stores: [items], log: pino({ level: 'silent' }), retryIntervalMs: 100 });
});

afterAll(async () => {
  await relay.stop();
  await drainBus(bus);
  await mongoose.disconnect();
  await nats.stop();
});

describe('outbox relay: the relayed step', () => {
  test('When the step fails twice, then the event stays in the outbox until it succeeds, and is published', async () => {
    const id = newObjectId();
    const event = TicketCreated.create({ id, version: 0, title: 'Relayed', price: 5, userId: newObjectId() });
    failuresLeft = 2;

    await items.insert({ _id: id, name: 'a' }, [event]);

    await eventually(async () => (await items.find(id))?.outbox.length === 0, 'outbox emptied after the retries');
    expect(failuresLeft).toBe(0);
    expect(seen).toContain(event.id);
    expect(await eventsInStream(bus, TicketCreated, (d) => d.id === id)).toHaveLength(1);
  });

  test('When the step succeeds, then it runs for every event of the write before each is pulled', async () => {
    const id = newObjectId();
    const events = [0, 1, 2].map((n) =>
      TicketCreated.create({ id, version: n, title: `Relayed ${n}`, price: 5, userId: newObjectId() }),
    );

    await items.insert({ _id: id, name: 'b' }, events);

    await eventually(async () => (await items.find(id))?.outbox.length === 0, 'outbox emptied');
    expect(events.every((e) => seen.includes(e.id))).toBe(true);
  });
});
