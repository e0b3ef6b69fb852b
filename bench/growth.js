// bench/growth.js (issue 23): does throughput hold as the stores grow? Two worlds side by side in one run, each with
// its own engines (mongo-java-server, NATS, Redis) and its own tickets, orders and payments services (one Stripe
// fake for both): one with SMALL orders already stored, one with LARGE (default 1,000 and 100,000), seeded straight
// into the databases as the services would have left them (each stored order completed and paid: its ticket sold in
// tickets and in orders' replica, its order and charge in payments). Then, alternating between the worlds so that the
// machine's load weighs on both alike:
//   1. POST /api/orders at CONCURRENCY buyers, each ordering a different ticket that is listed and replicated;
//   2. the purchase loop at LOOPERS concurrent users: a seller lists a ticket (POST /api/tickets), a buyer orders it
//      once orders' replica has it (POST /api/orders, retried while 404), and pays once payments' replica has the
//      order (POST /api/payments with pm_card_visa, retried while 404): loops per second.
// Target (issue 23): at LARGE, at least 0.8x the throughput at SMALL.
//   node bench/growth.js [--sizes 1000,100000] [--seconds 10] [--rounds 2] [--concurrency 50] [--loopers 20]
// Needs a build (npx tsc -b). Starts everything itself (child processes) and stops it at the end.
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const { MongoClient } = require('mongodb');
const common = require('../common/dist');
const testing = require('../testing/dist');
const { request, runLoad, formatRow, TABLE_HEADER } = require('./lib/load');
const { startFake, paymentsStripeEnv } = require('./lib/stripe-fake');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = String(arg('sizes', '1000,100000')).split(',').map(Number);
const SECONDS = Number(arg('seconds', 10));
const ROUNDS = Number(arg('rounds', 2));
const CONCURRENCY = Number(arg('concurrency', 50));
const LOOPERS = Number(arg('loopers', 20));
const root = resolve(__dirname, '..');
const JWT_KEY = testing.TEST_JWT_KEY;
const STRIPE_KEY = 'sk_test_51TicketingGrowthBench00000000000000000';
const BATCH = 10_000;
/** Enough unordered tickets for every POST /api/orders of every round, at any plausible rate. */
const FRESH_TICKETS = Number(arg('fresh', 20_000));
const PRICE = 25;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Inserts `count` documents made by `make(i)` in batches. */
async function insertAll(collection, count, make) {
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => make(start + i));
    await collection.insertMany(batch, { ordered: false });
  }
}

/**
 * The stored history of a world: `count` orders, completed and paid, of 10 orders per buyer, each for its own
 * ticket (sold); and `fresh` tickets listed and replicated to orders, never ordered. Every document has the shape
 * its service writes, so the services read them as their own.
 */
async function seed(client, dbs, count, fresh) {
  const seller = common.newObjectId();
  const buyers = Array.from({ length: Math.ceil(count / 10) }, () => common.newObjectId());
  const expiresAt = new Date(Date.now() - 3600_000).toISOString();
  const stored = Array.from({ length: count }, (_, i) => ({
    ticketId: common.newObjectId(),
    orderId: common.newObjectId(),
    userId: buyers[Math.floor(i / 10)],
    title: `Stored ${i}`,
  }));
  const tickets = client.db(dbs.tickets);
  const orders = client.db(dbs.orders);
  const payments = client.db(dbs.payments);
  await insertAll(tickets.collection('tickets'), count, (i) => {
    const s = stored[i];
    return {
      _id: s.ticketId,
      version: 2,
      title: s.title,
      price: PRICE,
      userId: seller,
      orderId: s.orderId,
      sold: true,
      outbox: [],
    };
  });
  await insertAll(orders.collection('tickets'), count, (i) => {
    const s = stored[i];
    return { _id: s.ticketId, version: 2, title: s.title, price: PRICE, userId: seller };
  });
  await insertAll(orders.collection('orders'), count, (i) => {
    const s = stored[i];
    return {
      _id: s.orderId,
      version: 1,
      userId: s.userId,
      status: 'completed',
      expiresAt,
      ticket: { id: s.ticketId, title: s.title, price: PRICE, version: 0 },
      lock: s.ticketId,
      outbox: [],
    };
  });
  await insertAll(payments.collection('orders'), count, (i) => {
    const s = stored[i];
    return {
      _id: s.orderId,
      version: 1,
      userId: s.userId,
      price: PRICE,
      status: 'completed',
      ticketId: s.ticketId,
      expiresAt,
    };
  });
  await insertAll(payments.collection('charges'), count, (i) => {
    const s = stored[i];
    return {
      _id: s.orderId,
      version: 1,
      chargeId: common.newObjectId(),
      userId: s.userId,
      status: 'completed',
      amount: PRICE,
      stripeId: `pi_seed_${i}`,
      claimedAt: new Date(Date.now() - 3600_000),
      outbox: [],
    };
  });
  const freshIds = Array.from({ length: fresh }, () => common.newObjectId());
  await insertAll(tickets.collection('tickets'), fresh, (i) => ({
    _id: freshIds[i],
    version: 0,
    title: `Fresh ${i}`,
    price: PRICE,
    userId: seller,
    outbox: [],
  }));
  await insertAll(orders.collection('tickets'), fresh, (i) => ({
    _id: freshIds[i],
    version: 0,
    title: `Fresh ${i}`,
    price: PRICE,
    userId: seller,
  }));
  return freshIds;
}

/** One world: its engines, its three services, its stored history. */
async function startWorld(size, fake) {
  const engines = await testing.startRunEngines({ prefix: `bench-growth-${size}` });
  const stops = [() => engines.stop()];
  const client = await MongoClient.connect(engines.mongoUri);
  stops.unshift(() => client.close());
  const dbs = { tickets: 'tickets', orders: 'orders', payments: 'payments' };
  const seedStarted = performance.now();
  const fresh = await seed(client, dbs, size, FRESH_TICKETS);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const services = {};
  const start = async (name, env = {}) => {
    const service = await testing.startServiceProcess({
      name: `${name}-${size}`,
      entry: join(root, `${name}/dist/index.js`),
      env: {
        MONGO_URI: `${engines.mongoUri}/${dbs[name]}`,
        NATS_URL: engines.natsUrl,
        REDIS_URL: engines.redisUrl,
        JWT_KEY,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    stops.unshift(() => service.stop());
    services[name] = service;
  };
  try {
    await start('tickets');
    await start('orders');
    await start('payments', paymentsStripeEnv(fake.url, STRIPE_KEY));
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
  return {
    size,
    seedSeconds,
    services,
    fresh,
    nextFresh: 0,
    stop: async () => {
      for (const stop of stops) await stop().catch((e) => console.error('stop failed:', e));
    },
  };
}

/** One POST /api/orders by a new buyer for the world's next fresh ticket; resolves with the status. */
async function orderOnce(world) {
  const ticketId = world.fresh[world.nextFresh++];
  if (!ticketId) throw new Error('out of fresh tickets: raise --fresh');
  const res = await request(`${world.services.orders.url}/api/orders`, {
    method: 'POST',
    headers: { cookie: testing.sessionCookie(JWT_KEY).cookie },
    body: { ticketId },
  });
  return res.status;
}

/** Sends `send()` until it answers something other than 404 (a replica not there yet); resolves with that answer. */
async function untilKnown(send) {
  for (;;) {
    const res = await send();
    if (res.status !== 404) return res;
    await sleep(20);
  }
}

/** One purchase: a seller lists a ticket, a new buyer orders it and pays; resolves with the payment's status. */
async function purchaseOnce(world, i) {
  const { tickets, orders, payments } = world.services;
  const seller = testing.sessionCookie(JWT_KEY).cookie;
  const buyer = testing.sessionCookie(JWT_KEY).cookie;
  const listed = await request(`${tickets.url}/api/tickets`, {
    method: 'POST',
    headers: { cookie: seller },
    body: { title: `Loop ${i}`, price: PRICE },
  });
  if (listed.status !== 201) return `list ${listed.status}`;
  const ticketId = JSON.parse(listed.body).id;
  const ordered = await untilKnown(() =>
    request(`${orders.url}/api/orders`, { method: 'POST', headers: { cookie: buyer }, body: { ticketId } }),
  );
  if (ordered.status !== 201) return `order ${ordered.status}`;
  const orderId = JSON.parse(ordered.body).id;
  const paid = await untilKnown(() =>
    request(`${payments.url}/api/payments`, {
      method: 'POST',
      headers: { cookie: buyer },
      body: { orderId, paymentMethod: 'pm_card_visa' },
    }),
  );
  return paid.status;
}

function merge(results) {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  return requests / seconds;
}

async function main() {
  const fake = await startFake();
  const worlds = [];
  try {
    for (const size of SIZES) worlds.push(await startWorld(size, fake));
    console.log(`## Growth: ${SIZES.map((s) => s.toLocaleString('en')).join(' vs ')} orders stored\n`);
    for (const w of worlds) {
      console.log(
        `world ${w.size}: seeded ${w.size} paid orders and ${FRESH_TICKETS} fresh tickets in ${w.seedSeconds.toFixed(1)} s`,
      );
    }
    // Warm-up of every service's JIT (not counted).
    for (const w of worlds) {
      await runLoad({ concurrency: 10, total: 200, send: () => orderOnce(w) });
      await runLoad({ concurrency: 5, durationMs: 3_000, send: (i) => purchaseOnce(w, i) });
    }
    const results = Object.fromEntries(worlds.map((w) => [w.size, { orders: [], loops: [] }]));
    const rows = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of worlds) {
        const r = await runLoad({ concurrency: CONCURRENCY, durationMs: SECONDS * 1000, send: () => orderOnce(w) });
        results[w.size].orders.push(r);
        rows.push(
          formatRow(
            `round ${round + 1}, ${w.size.toLocaleString('en')} stored: POST /api/orders, ${CONCURRENCY} buyers`,
            r,
          ),
        );
      }
      for (const w of worlds) {
        const r = await runLoad({ concurrency: LOOPERS, durationMs: SECONDS * 1000, send: (i) => purchaseOnce(w, i) });
        results[w.size].loops.push(r);
        rows.push(
          formatRow(`round ${round + 1}, ${w.size.toLocaleString('en')} stored: purchase loop, ${LOOPERS} users`, r),
        );
      }
    }
    console.log(`\n${TABLE_HEADER}`);
    for (const row of rows) console.log(row);
    const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
    console.log('');
    for (const [what, key] of [
      ['POST /api/orders req/s', 'orders'],
      ['purchase loops/s', 'loops'],
    ]) {
      const [atSmall, atLarge] = [merge(results[small][key]), merge(results[large][key])];
      console.log(
        `${what}: ${atSmall.toFixed(1)} at ${small.toLocaleString('en')}, ${atLarge.toFixed(1)} at ${large.toLocaleString('en')}: ratio ${(atLarge / atSmall).toFixed(2)} (target >= 0.8)`,
      );
    }
    for (const w of worlds) {
      for (const [name, service] of Object.entries(w.services)) {
        const problems = {};
        for (const line of service.output().split('\n')) {
          if (!/"level":(40|50|60)/.test(line)) continue;
          try {
            const entry = JSON.parse(line);
            const key = `${entry.msg}: ${String(entry.err?.message ?? '').slice(-90)}`;
            problems[key] = (problems[key] ?? 0) + 1;
          } catch {
            // not a log line
          }
        }
        for (const [key, count] of Object.entries(problems))
          console.log(`${name} (${w.size}) logged ${count} x ${key}`);
      }
    }
  } finally {
    for (const w of worlds) await w.stop();
    await fake.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
