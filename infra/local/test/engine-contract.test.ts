// DESIGN §6: the properties of the database engine that the whole store rests on, checked first in every test run
// (scripts/test.sh runs this file before any other) on whatever engine TEST_MONGO_URI points at: the harness's
// mongo-java-server, or a real MongoDB a developer provides. An engine without them is not supported; a failure
// names the engine and the property, and stops the run.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MongoClient, MongoServerError, ObjectId, type Collection, type Db } from 'mongodb';

const N = 50;
let client: MongoClient;
let db: Db;
let engine = 'an unknown engine';

beforeAll(async () => {
  // One connection per concurrent operation, so that all N really reach the server at once.
  client = new MongoClient(process.env.TEST_MONGO_URI ?? '', { maxPoolSize: N, serverSelectionTimeoutMS: 5_000 });
  db = client.db(`contract_${randomUUID().slice(0, 8)}`);
  await Promise.all(Array.from({ length: N }, () => db.command({ ping: 1 })));
  const buildInfo = await db.admin().command({ buildInfo: 1 });
  engine = `the engine at ${process.env.TEST_MONGO_URI} (reports MongoDB ${String(buildInfo.version)})`;
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

/** Fails with a sentence naming the engine and the property, not only the numbers. */
function expectProperty(property: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(
      `Engine contract broken: ${engine} does not guarantee that ${property} (expected ${String(expected)}, got ${String(actual)}). The store's invariants (DESIGN §6) would not hold on it.`,
    );
  }
}

function duplicateKeyCount(results: PromiseSettledResult<unknown>[]): number {
  return results.filter(
    (r) => r.status === 'rejected' && r.reason instanceof MongoServerError && r.reason.code === 11000,
  ).length;
}

const all = <T>(fn: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> =>
  Promise.allSettled(Array.from({ length: N }, (_, i) => fn(i)));

describe('Engine contract (DESIGN §6): each single-document operation is atomic', () => {
  test(`When ${N} conditional updates of one document race, then exactly one wins`, async () => {
    const tickets = db.collection<{ _id: string; version: number; winner?: number }>('conditional');
    const id = randomUUID();
    await tickets.insertOne({ _id: id, version: 0 });

    const results = await all((i) =>
      tickets.findOneAndUpdate({ _id: id, version: 0 }, { $set: { winner: i }, $inc: { version: 1 } }),
    );

    const winners = results.filter((r) => r.status === 'fulfilled' && r.value !== null).length;
    expectProperty(`of ${N} concurrent findOneAndUpdate({ _id, version: 0 }) exactly one matches`, winners, 1);
    expectProperty('the document ends at version 1', (await tickets.findOne({ _id: id }))?.version, 1);
  });

  test(`When ${N} $inc of one field race, then none is lost`, async () => {
    const counters = db.collection<{ _id: string; n: number }>('counters');
    const id = randomUUID();
    await counters.insertOne({ _id: id, n: 0 });

    await all(() => counters.updateOne({ _id: id }, { $inc: { n: 1 } }));

    expectProperty(`${N} concurrent $inc of one field add up to ${N}`, (await counters.findOne({ _id: id }))?.n, N);
  });

  test(`When ${N} inserts of one unique key race, then one succeeds and ${N - 1} get E11000`, async () => {
    const orders = db.collection<{ _id: ObjectId; lock: string }>('unique_keys');
    await orders.createIndex({ lock: 1 }, { unique: true, sparse: true });
    const lock = randomUUID();

    const results = await all(() => orders.insertOne({ _id: new ObjectId(), lock }));

    const successes = results.filter((r) => r.status === 'fulfilled').length;
    expectProperty(`of ${N} concurrent inserts of one unique key exactly one succeeds`, successes, 1);
    expectProperty(`the ${N - 1} others fail with E11000`, duplicateKeyCount(results), N - 1);
    // The sparse unique key is how the store frees a lock: a document without the field holds nothing.
    await orders.updateMany({ lock }, { $unset: { lock: '' } });
    await expect(orders.insertOne({ _id: new ObjectId(), lock })).resolves.toBeDefined();
  });

  test('When the relay $pulls an outbox entry while a versioned update changes the document, then both apply', async () => {
    type Doc = { _id: string; version: number; price: number; outbox: Array<{ id: string }> };
    const docs = db.collection<Doc>('outbox_race');
    const ids = Array.from({ length: N }, () => randomUUID());
    await docs.insertMany(ids.map((_id) => ({ _id, version: 0, price: 1, outbox: [{ id: `${_id}:0` }] })));

    // For each document, at the same moment: the relay pulls its published event, and a change stores version 1
    // with the next event. Neither operation reads the other's field, so neither may undo the other.
    await Promise.all(
      ids.flatMap((_id) => [
        docs.updateOne({ _id }, { $pull: { outbox: { id: `${_id}:0` } } }),
        docs.updateOne(
          { _id, version: 0 },
          { $set: { price: 2 }, $inc: { version: 1 }, $push: { outbox: { id: `${_id}:1` } } },
        ),
      ]),
    );

    const after = await docs.find({ _id: { $in: ids } }).toArray();
    const bothApplied = after.filter(
      (d) => d.version === 1 && d.price === 2 && d.outbox.length === 1 && d.outbox[0]?.id === `${d._id}:1`,
    ).length;
    expectProperty(
      `a $pull racing a versioned update of the same document leaves both applied (of ${N})`,
      bothApplied,
      N,
    );
  });
});

describe('Engine contract (DESIGN §16): a filter holding a unique key beside other keys', () => {
  test('When a filter holds _id or a sparse unique key beside other keys, then it matches what a scan would', async () => {
    type Doc = { _id: number; lock?: string; status: string };
    const docs = db.collection<Doc>('unique_key_filters');
    await docs.createIndex({ lock: 1 }, { unique: true, sparse: true });
    await docs.insertMany([
      { _id: 1, lock: 'a', status: 'created' },
      { _id: 2, status: 'created' },
      { _id: 3, lock: 'b', status: 'cancelled' },
    ]);
    const ids = async (filter: Record<string, unknown>) =>
      (await docs.find(filter).toArray()).map((d) => d._id).sort((a, b) => a - b);

    const found = {
      lockAndStatus: await ids({ lock: 'a', status: 'created' }),
      lockOtherStatus: await ids({ lock: 'b', status: 'created' }),
      // A sparse index holds no document without the field: null must still find them.
      noLock: await ids({ lock: null, status: 'created' }),
      idIn: await ids({ _id: { $in: [1, 3] }, status: 'cancelled' }),
      idAndMissing: await ids({ _id: 2, lock: { $exists: false } }),
    };

    expectProperty(
      'filters with a unique key beside other keys match as a scan would',
      JSON.stringify(found),
      JSON.stringify({ lockAndStatus: [1], lockOtherStatus: [], noLock: [2], idIn: [3], idAndMissing: [2] }),
    );
  });
});

describe('Engine contract (DESIGN §16): a versioned write costs the same at any size', () => {
  type Versioned = { _id: ObjectId; version: number; price: number };
  const SMALL = 1_000;
  const LARGE = 100_000;
  const WRITES = 40;

  async function seed(name: string, count: number): Promise<{ docs: Collection<Versioned>; ids: ObjectId[] }> {
    const docs = db.collection<Versioned>(name);
    const ids: ObjectId[] = [];
    for (let start = 0; start < count; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, count - start) }, () => ({
        _id: new ObjectId(),
        version: 0,
        price: 1,
      }));
      await docs.insertMany(batch, { ordered: false });
      ids.push(...batch.map((d) => d._id));
    }
    return { docs, ids };
  }

  /** One conditional update on `{ _id, version }` of the next document, as the entity store does it; its time in ms. */
  async function timedUpdate({ docs, ids }: { docs: Collection<Versioned>; ids: ObjectId[] }, n: number) {
    const _id = ids[(n * 7919) % ids.length];
    const version = (await docs.findOne({ _id }, { projection: { version: 1 } }))?.version ?? -1;
    const started = performance.now();
    const updated = await docs.findOneAndUpdate({ _id, version }, { $set: { price: n }, $inc: { version: 1 } });
    const ms = performance.now() - started;
    expectProperty('a conditional update on { _id, version } of a stored document matches it', updated !== null, true);
    return ms;
  }

  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

  test(`When a collection holds ${LARGE} documents, then a { _id, version } update takes at most 3× its time at ${SMALL}`, async () => {
    const small = await seed('versioned_small', SMALL);
    const large = await seed('versioned_large', LARGE);
    for (let n = 0; n < 10; n++) await Promise.all([timedUpdate(small, n), timedUpdate(large, n)]); // warm-up

    // Interleaved, so that the machine's load weighs on both sizes alike.
    const times = { small: [] as number[], large: [] as number[] };
    for (let n = 10; n < 10 + WRITES; n++) {
      times.small.push(await timedUpdate(small, n));
      times.large.push(await timedUpdate(large, n));
    }

    const [atSmall, atLarge] = [median(times.small), median(times.large)];
    expectProperty(
      `a { _id, version } update at ${LARGE} documents takes at most 3× its time at ${SMALL} (${atLarge.toFixed(2)} ms vs ${atSmall.toFixed(2)} ms: the filter must use the _id index)`,
      atLarge <= 3 * atSmall,
      true,
    );
  }, 120_000);
});
