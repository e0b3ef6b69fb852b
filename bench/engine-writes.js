// bench/engine-writes.js (issue 23): what one versioned write costs on the local engine as its collection grows.
// For each storage of the launcher (memory: tests; file: H2, npm start) and each size, one collection holds that
// many documents of a versioned entity's shape; then, one write at a time (no concurrency, so the figure is the
// engine's work and not a queue), the store's three writes on random documents:
//   findOneAndUpdate({ _id, version })         the entity store's change (DESIGN §6)
//   updateOne({ _id, version: v - 1 })         a replica applying version v
//   updateOne({ _id })                         the `_id` look-up alone, the floor
//   findOne({ lock, status })                  a unique sparse key beside another (orders' cancel-if-repriced)
//   node bench/engine-writes.js [--sizes 1000,10000,100000] [--writes 200] [--storages memory,file]
// Needs a build (npx tsc -b infra/local). Starts its own engines in a temp folder and stops them at the end.
const { mkdtemp, rm } = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { MongoClient, ObjectId } = require('mongodb');
const { startMongo } = require('../infra/local/dist');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = String(arg('sizes', '1000,10000,100000')).split(',').map(Number);
const WRITES = Number(arg('writes', 200));
const STORAGES = String(arg('storages', 'memory,file')).split(',');
const BATCH = 5_000;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Inserts `count` versioned documents (version 0, an empty outbox, like the store's entities) in batches. */
async function seed(collection, count) {
  const ids = [];
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => ({
      _id: new ObjectId(),
      version: 0,
      title: `Concert ${start + i}`,
      price: 25,
      lock: `lock-${start + i}`,
      status: 'created',
      outbox: [],
    }));
    await collection.insertMany(batch, { ordered: false });
    ids.push(...batch.map((d) => d._id));
  }
  return ids;
}

/** Times `WRITES` calls of `write(id, version, i)`, each on a random document i whose current version it tracks. */
async function timeWrites(ids, versions, write) {
  const times = [];
  for (let n = 0; n < WRITES; n++) {
    const i = Math.floor(Math.random() * ids.length);
    const t0 = performance.now();
    const matched = await write(ids[i], versions[i], i);
    times.push(performance.now() - t0);
    if (!matched) throw new Error(`a write of ${ids[i]} at version ${versions[i]} matched nothing`);
    versions[i] += 1;
  }
  return median(times);
}

async function measure(storage, dir) {
  const engine = await startMongo({ dataDir: path.join(dir, storage), storage });
  const client = await MongoClient.connect(engine.url);
  const rows = [];
  try {
    for (const size of SIZES) {
      const collection = client.db('bench').collection(`writes_${size}`);
      await collection.createIndex({ lock: 1 }, { unique: true, sparse: true });
      const ids = await seed(collection, size);
      const versions = ids.map(() => 0);
      // A first round warms the JIT of the engine and of the driver on every write; only the second is counted.
      let [findOneAndUpdate, replicaUpdate, byId, byLock] = [0, 0, 0, 0];
      for (let round = 0; round < 2; round++) {
        findOneAndUpdate = await timeWrites(ids, versions, async (_id, version) =>
          Boolean(await collection.findOneAndUpdate({ _id, version }, { $set: { price: 30 }, $inc: { version: 1 } })),
        );
        replicaUpdate = await timeWrites(
          ids,
          versions,
          async (_id, version) =>
            (await collection.updateOne({ _id, version }, { $set: { version: version + 1, price: 31 } }))
              .matchedCount === 1,
        );
        byId = await timeWrites(
          ids,
          versions,
          async (_id) => (await collection.updateOne({ _id }, { $inc: { version: 1 } })).matchedCount === 1,
        );
        // A read, not a write: `versions` stays true, as timeWrites adds 1 to the version of a document it read.
        byLock = await timeWrites(ids, versions, async (_id, _version, i) => {
          const found = Boolean(await collection.findOne({ lock: `lock-${i}`, status: 'created' }));
          versions[i] -= 1;
          return found;
        });
      }
      rows.push({ storage, size, findOneAndUpdate, replicaUpdate, byId, byLock });
      await collection.drop();
    }
  } finally {
    await client.close();
    await engine.stop();
  }
  return rows;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'engine-writes-'));
  try {
    console.log(`## One write at a time on the local engine (median of ${WRITES} writes, ms)\n`);
    console.log(
      '| storage | documents | findOneAndUpdate({ _id, version }) | updateOne({ _id, version }) | updateOne({ _id }) | findOne({ lock, status }) |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const storage of STORAGES) {
      for (const r of await measure(storage, dir)) {
        const ms = (v) => v.toFixed(2);
        console.log(
          `| ${r.storage} | ${r.size.toLocaleString('en')} | ${ms(r.findOneAndUpdate)} | ${ms(r.replicaUpdate)} | ${ms(r.byId)} | ${ms(r.byLock)} |`,
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
