// DESIGN §16: the outbox relay's sweep reads only the live working set (the pending markers of outbox-pending.ts),
// never the whole entity collection, and still publishes whatever a crash left behind.
import mongoose from 'mongoose';
import { drainBus, type Bus } from '../src/bus';
import { TicketCreated, TicketUpdated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import { createLogger } from '../src/service/logger';
import {
  EntityStore,
  stampPending,
  startOutboxRelay,
  versionedSchema,
  type OutboxRelay,
  type Owned,
} from '../src/store';
import { connectTestBus, eventsInStream, startTestNats, testMongoUri, type TestEngine } from '@ticketing/testing';

interface TicketDoc extends Owned {
  title: string;
  price: number;
  userId: string;
}
const Ticket = mongoose.model<TicketDoc>(
  'PendingTicket',
  versionedSchema<TicketDoc>(
    { title: String, price: Number, userId: String },
    { collection: 'pending_tickets', outbox: true },
  ),
);
const tickets = new EntityStore(Ticket);
const seller = newObjectId();

let nats: TestEngine;
let bus: Bus;
let relay: OutboxRelay;
/** The filters of the `find`s the relay's process sent to the entity collection, as the driver reported them. */
const entityFinds: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  nats = await startTestNats();
  await mongoose.connect(testMongoUri('outbox_pending'), { monitorCommands: true });
  await tickets.init();
  bus = await connectTestBus(nats.url);
  mongoose.connection.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command.find === 'pending_tickets')
      entityFinds.push(event.command.filter as Record<string, unknown>);
  });
  // The periodic sweep is driven by the tests (sweep()); the first one, at start, is awaited here.
  relay = startOutboxRelay({ bus, stores: [tickets], log: createLogger('test', 'silent'), sweepIntervalMs: 3_600_000 });
  await relay.sweep();
});

afterAll(async () => {
  await relay.stop();
  await drainBus(bus);
  await mongoose.disconnect();
  await nats.stop();
});

const created = (id: string, title: string) =>
  TicketCreated.create({ id, version: 0, title, price: 10, userId: seller });

/** Stores a ticket as a writer would and then "dies": the write and its marker land, the relay is never told. */
async function storeWithoutPublishing(title: string): Promise<string> {
  const id = newObjectId();
  await stampPending(tickets.pending, id, -1);
  await Ticket.collection.insertOne({
    _id: id,
    version: 0,
    title,
    price: 10,
    userId: seller,
    outbox: [created(id, title)],
  } as never);
  return id;
}

describe('outbox pending markers', () => {
  test('When 200 tickets are stored and published, then the sweep reads no ticket by anything but its _id and leaves no marker', async () => {
    for (let i = 0; i < 200; i++) {
      const id = newObjectId();
      await tickets.insert({ _id: id, title: `Stored ${i}`, price: 10, userId: seller }, [created(id, `Stored ${i}`)]);
    }
    const lost = await storeWithoutPublishing('Lost in a crash');
    entityFinds.length = 0;

    expect(await relay.sweep()).toBeGreaterThanOrEqual(1);

    expect((await eventsInStream(bus, TicketCreated, (d) => d.id === lost)).length).toBe(1);
    // The periodic sweep's cost follows what is pending, not how many tickets exist: every read is by `_id`.
    expect(entityFinds.length).toBeGreaterThan(0);
    expect(entityFinds.filter((filter) => Object.keys(filter).join() !== '_id')).toEqual([]);
    expect(await tickets.pending.countDocuments({})).toBe(0);
    expect(await Ticket.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
  });

  test('When a writer has stamped its marker but not yet stored its change, then a sweep keeps the marker, and publishes the change once stored', async () => {
    const id = newObjectId();
    await tickets.insert({ _id: id, title: 'Before', price: 10, userId: seller });
    // The writer's first step: stamp for its update conditioned on version 0. The sweep runs before its second.
    await stampPending(tickets.pending, id, 0);

    await relay.sweep();
    expect(await tickets.pending.countDocuments({ _id: id } as never)).toBe(1);

    // The writer's update lands with its event, and the writer dies before telling the relay.
    const updated = TicketUpdated.create({ id, version: 1, title: 'After', price: 12, userId: seller });
    await Ticket.collection.updateOne(
      { _id: id, version: 0 } as never,
      {
        $set: { title: 'After', price: 12, version: 1 },
        $push: { outbox: updated },
      } as never,
    );
    await relay.sweep();

    expect((await eventsInStream(bus, TicketUpdated, (d) => d.id === id)).length).toBe(1);
    expect(await tickets.pending.countDocuments({ _id: id } as never)).toBe(0);
  });

  test('When a writer stamped a marker and then lost the race for its version, then the sweep deletes the marker', async () => {
    const id = newObjectId();
    await tickets.insert({ _id: id, title: 'Raced', price: 10, userId: seller });
    await stampPending(tickets.pending, id, 0);
    await tickets.change(id, () => ({ set: { price: 11 } })); // another writer takes version 1, without events

    await relay.sweep();

    expect(await tickets.pending.countDocuments({ _id: id } as never)).toBe(0);
  });
});
