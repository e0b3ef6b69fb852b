import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { defineListener, drainBus, durableName, listen, retryLater, type Bus, type RunningListener } from '../src/bus';
import { TicketCreated, TicketUpdated } from '../src/events';
import { newObjectId } from '../src/http/ids';
import { ReplicaStore, versionedSchema, type Versioned } from '../src/store';
import {
  connectTestBus,
  eventsInStream,
  eventually,
  publishEvent,
  settled,
  startTestNats,
  busLoginEnv,
  testMongoUri,
  type TestEngine,
} from '@ticketing/testing';

const writer = join(__dirname, 'fixtures/outbox-writer.js');
let nats: TestEngine;
let bus: Bus;
let mongoUri: string;
const seller = newObjectId();

interface ReplicaTicket extends Versioned {
  title: string;
  price: number;
}
const replica = new ReplicaStore(
  mongoose.model<ReplicaTicket>(
    'ReplicaTicket',
    versionedSchema<ReplicaTicket>({ title: String, price: Number }, { collection: 'replica_tickets', outbox: false }),
  ),
);
const applied: Array<{ id: string; version: number }> = [];
let consumers: RunningListener[] = [];

/** A consumer as orders would write it: version-ordered, idempotent, retry when ahead. */
async function startReplicaConsumers(consumerBus: Bus) {
  const apply = async (data: { id: string; version: number; title: string; price: number }) => {
    const outcome = await replica.apply(data.id, data.version, { title: data.title, price: data.price });
    if (outcome === 'applied') applied.push({ id: data.id, version: data.version });
    if (outcome === 'ahead') return retryLater(50);
  };
  consumers = [
    await listen(consumerBus, defineListener({ event: TicketCreated, handle: apply })),
    await listen(consumerBus, defineListener({ event: TicketUpdated, handle: apply })),
  ];
}

/** Every writer started, so that a failed test cannot leave one running (and jest waiting for it). */
const writers = new Set<ChildProcess>();

function runWriter(env: Record<string, string>) {
  const child = spawn(process.execPath, [writer], {
    env: {
      PATH: process.env.PATH ?? '',
      MONGO_URI: mongoUri,
      NATS_URL: nats.url,
      ...busLoginEnv('tickets'),
      SELLER: seller,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  writers.add(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      writers.delete(child);
      resolve(signal ?? code);
    }),
  );
  return { child, output: () => out, exited };
}

beforeAll(async () => {
  nats = await startTestNats();
  mongoUri = testMongoUri('outbox');
  await mongoose.connect(mongoUri);
  await replica.init();
  bus = await connectTestBus(nats.url);
  await startReplicaConsumers(bus);
});

afterAll(async () => {
  for (const child of writers) child.kill('SIGKILL');
  await Promise.all(consumers.map((c) => c.stop()));
  await drainBus(bus);
  await mongoose.disconnect();
  await nats.stop();
});

describe('outbox', () => {
  test('When a writer dies between storing and publishing, then its events are published after restart and applied once', async () => {
    const crashed = runWriter({ MODE: 'store-then-die', COUNT: '5' });
    expect(await crashed.exited).toBe('SIGKILL');
    const pending = await mongoose.connection
      .collection('outbox_tickets')
      .countDocuments({ 'outbox.0': { $exists: true } });
    expect(pending).toBe(5);
    expect(await eventsInStream(bus, TicketCreated)).toHaveLength(0);

    const restarted = runWriter({ MODE: 'relay' });

    await eventually(
      async () => (await eventsInStream(bus, TicketCreated)).length === 5,
      '5 events published after restart',
    );
    await settled(bus, durableName('test', 'ticket.created'));
    expect(
      await mongoose.connection.collection('outbox_tickets').countDocuments({ 'outbox.0': { $exists: true } }),
    ).toBe(0);
    const ids = applied.map((a) => a.id);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toHaveLength(5);
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  });

  test('When the writer is SIGKILLed at random moments during 60 creates, then every event is published and applied exactly once', async () => {
    await mongoose.connection.collection('outbox_tickets').deleteMany({});
    applied.length = 0;
    const alreadyInStream = (await eventsInStream(bus, TicketCreated)).length;
    const count = 60;

    for (let kills = 0; kills < 4; kills++) {
      const run = runWriter({ MODE: 'loop', COUNT: String(count), OFFSET: '1000' });
      await eventually(() => run.output().includes('relay started'), 'writer up', { timeoutMs: 15_000 });
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 300));
      run.child.kill('SIGKILL');
      await run.exited;
    }
    const last = runWriter({ MODE: 'loop', COUNT: String(count), OFFSET: '1000' });
    await eventually(() => last.output().includes('done'), 'writer finished', { timeoutMs: 60_000 });

    await eventually(
      async () => (await eventsInStream(bus, TicketCreated)).length - alreadyInStream >= count,
      'all events in the stream',
      { timeoutMs: 30_000 },
    );
    await eventually(() => applied.length >= count, 'all applied', { timeoutMs: 30_000 });
    await settled(bus, durableName('test', 'ticket.created'));
    expect((await eventsInStream(bus, TicketCreated)).length - alreadyInStream).toBe(count);
    expect(applied).toHaveLength(count);
    expect(new Set(applied.map((a) => a.id)).size).toBe(count);
    last.child.kill('SIGTERM');
    await last.exited;
  });

  test('When updates of one ticket arrive out of order and twice, then the replica applies them in version order, once', async () => {
    applied.length = 0;
    const id = newObjectId();
    const base = { id, title: 'Rock Concert', userId: seller };

    await publishEvent(bus, TicketUpdated, { ...base, version: 3, price: 70 });
    await publishEvent(bus, TicketUpdated, { ...base, version: 2, price: 80 });
    await publishEvent(bus, TicketUpdated, { ...base, version: 2, price: 80 });
    await publishEvent(bus, TicketUpdated, { ...base, version: 1, price: 90 });
    await publishEvent(bus, TicketCreated, { ...base, version: 0, price: 100 });

    await eventually(() => applied.filter((a) => a.id === id).length === 4, 'four versions applied', {
      timeoutMs: 20_000,
    });
    await settled(bus, durableName('test', 'ticket.updated'));
    // Each version once. The order of `applied` is the order the handlers resumed after their writes, which two
    // pooled connections may swap; the version order itself is the store's condition ({version: v-1}), and the last
    // write's price below shows v3 was applied on top of the rest.
    expect(
      applied
        .filter((a) => a.id === id)
        .map((a) => a.version)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3]);
    expect((await replica.find(id))?.price).toBe(70);
  });
});
