// bench/orders-and-tickets.js (issue 12), side by side in one run, on the same engine:
//  1. POST /api/orders at 50 and 200 concurrent signed-in buyers, each ordering a different ticket, against a bare
//     seed-style orders server (bare-orders-server.js: findById, findOne a live order, save, publish; racy, the
//     floor), with 1,000 and with 50,000 tickets stored (growth: ours at 50,000 against ours at 1,000).
//  2. GET /api/tickets/:id of the tickets service against a bare Express + mongoose findById (bare-ticket-server.js)
//     at 50 concurrent clients; the ratio.
//   node bench/orders-and-tickets.js [--orders 400] [--seconds 10] [--sizes 1000,50000]
// Every server gets a warm-up (WARMUP orders on tickets of its own, a GET round) that is not counted: the JIT of a
// cold Node process would otherwise be measured.
// Needs a build (npx tsc -b). Starts its own engines and services (child processes) and stops them at the end. With
// TEST_MONGO_URI set, runs on that MongoDB instead of the local engine. Each service logs in to the bus as its own
// user, and the bare orders server as the orders user.
const { join, resolve } = require('node:path');
const { MongoClient } = require('mongodb');
const common = require('../common/dist');
const testing = require('../testing/dist');
const { request, runLoad, formatRow, TABLE_HEADER } = require('./lib/load');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ORDERS_PER_LEVEL = Number(arg('orders', 400));
const WARMUP = 150;
const SECONDS = Number(arg('seconds', 10));
const SIZES = String(arg('sizes', '1000,50000')).split(',').map(Number);
const LEVELS = [50, 200];
const root = resolve(__dirname, '..');
const JWT_KEY = testing.TEST_JWT_KEY;

/** Stores `count` tickets straight into a `tickets` collection (our replica's shape; the bare server reads it too). */
async function seedTickets(db, count, seller) {
  const ids = [];
  for (let start = 0; start < count; start += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, count - start) }, (_, i) => ({
      _id: common.newObjectId(),
      version: 0,
      title: `Bench Concert ${start + i}`,
      price: 25,
      userId: seller,
    }));
    await db.collection('tickets').insertMany(batch, { ordered: false });
    ids.push(...batch.map((t) => t._id));
  }
  return ids;
}

async function main() {
  const engines = await testing.startRunEngines({ prefix: 'bench-orders' });
  const client = await MongoClient.connect(engines.mongoUri);
  const stops = [];
  const start = async (name, entry, db, login = {}) => {
    const service = await testing.startServiceProcess({
      name,
      entry,
      env: {
        MONGO_URI: `${engines.mongoUri}/${db}`,
        NATS_URL: engines.natsUrl,
        REDIS_URL: engines.redisUrl,
        JWT_KEY,
        LOG_LEVEL: 'warn',
        ...login,
      },
    });
    stops.push(() => service.stop());
    return service;
  };
  try {
    const growth = {};
    for (const size of SIZES) {
      const orders = await start(`orders-${size}`, join(root, 'orders/dist/index.js'), `orders_${size}`);
      const bare = await start(
        `bare-orders-${size}`,
        join(__dirname, 'bare-orders-server.js'),
        `bare_${size}`,
        testing.busLoginEnv('orders'),
      );
      const seller = common.newObjectId();
      const need = WARMUP + ORDERS_PER_LEVEL * LEVELS.length;
      if (need > size) throw new Error(`--orders ${ORDERS_PER_LEVEL} needs at least ${need} stored tickets`);
      const ourIds = await seedTickets(client.db(`orders_${size}`), size, seller);
      const bareIds = await seedTickets(client.db(`bare_${size}`), size, seller);

      const order = (service, ids, buyers, concurrency) =>
        runLoad({
          concurrency,
          total: ids.length,
          send: async (i) =>
            (
              await request(`${service.url}/api/orders`, {
                method: 'POST',
                headers: { cookie: buyers[i] },
                body: { ticketId: ids[i] },
              })
            ).status,
        });
      const warmBuyers = Array.from({ length: WARMUP }, () => testing.sessionCookie(JWT_KEY).cookie);
      await order(bare, bareIds.slice(0, WARMUP), warmBuyers, 50);
      await order(orders, ourIds.slice(0, WARMUP), warmBuyers, 50);

      console.log(`\n## POST /api/orders with ${size} tickets stored (each buyer orders a different ticket)\n`);
      console.log(TABLE_HEADER);
      for (const [level, concurrency] of LEVELS.entries()) {
        const from = WARMUP + level * ORDERS_PER_LEVEL;
        const slice = (ids) => ids.slice(from, from + ORDERS_PER_LEVEL);
        const buyers = slice(ourIds).map(() => testing.sessionCookie(JWT_KEY).cookie);
        for (const [name, service, ids] of [
          ['bare seed-style', bare, slice(bareIds)],
          ['ours', orders, slice(ourIds)],
        ]) {
          const result = await order(service, ids, buyers, concurrency);
          console.log(formatRow(`${name}, ${concurrency} buyers`, result));
          if (name === 'ours') growth[`${size}/${concurrency}`] = result.rps;
          else growth[`bare ${size}/${concurrency}`] = result.rps;
        }
      }
      for (const concurrency of LEVELS) {
        const ratio = growth[`${size}/${concurrency}`] / growth[`bare ${size}/${concurrency}`];
        console.log(`ours / bare at ${concurrency} buyers, ${size} stored: ${ratio.toFixed(2)}`);
      }
    }
    if (SIZES.length > 1) {
      const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
      console.log('');
      for (const concurrency of LEVELS) {
        const ratio = growth[`${large}/${concurrency}`] / growth[`${small}/${concurrency}`];
        console.log(`growth: ours at ${large} / ours at ${small} stored, ${concurrency} buyers: ${ratio.toFixed(2)}`);
      }
    }

    console.log('\n## GET /api/tickets/:id: ours vs bare Express + mongoose findById (50 concurrent clients)\n');
    const tickets = await start('tickets', join(root, 'tickets/dist/index.js'), 'tickets');
    const bareTickets = await start('bare-tickets', join(__dirname, 'bare-ticket-server.js'), 'bare_tickets');
    const seller = testing.sessionCookie(JWT_KEY);
    const ourIds = [];
    for (let i = 0; i < 100; i++) {
      const res = await request(`${tickets.url}/api/tickets`, {
        method: 'POST',
        headers: { cookie: seller.cookie },
        body: { title: `Concert ${i}`, price: 50 },
      });
      ourIds.push(JSON.parse(res.body).id);
    }
    const seeded = await request(`${bareTickets.url}/seed`, {
      method: 'POST',
      body: {
        tickets: Array.from({ length: 100 }, (_, i) => ({ title: `Concert ${i}`, price: 50, userId: seller.user.id })),
      },
    });
    const bareIds = JSON.parse(seeded.body);
    const rounds = [];
    for (const [url, ids] of [
      [bareTickets.url, bareIds],
      [tickets.url, ourIds],
    ]) {
      await runLoad({
        concurrency: 50,
        durationMs: 2_000,
        send: async (i) => (await request(`${url}/api/tickets/${ids[i % ids.length]}`)).status,
      });
    }
    for (const [name, url, ids] of [
      ['bare', bareTickets.url, bareIds],
      ['ours', tickets.url, ourIds],
      ['bare', bareTickets.url, bareIds],
      ['ours', tickets.url, ourIds],
    ]) {
      const r = await runLoad({
        concurrency: 50,
        durationMs: (SECONDS * 1000) / 2,
        send: async (i) => (await request(`${url}/api/tickets/${ids[i % ids.length]}`)).status,
      });
      rounds.push([name, r]);
    }
    console.log(TABLE_HEADER);
    const merged = {};
    for (const [name, r] of rounds) {
      console.log(formatRow(name, r));
      merged[name] ??= { requests: 0, seconds: 0 };
      merged[name].requests += r.requests;
      merged[name].seconds += r.seconds;
    }
    const ours = merged.ours.requests / merged.ours.seconds;
    const bareRps = merged.bare.requests / merged.bare.seconds;
    console.log(
      `\nthroughput ratio ours / bare: ${(ours / bareRps).toFixed(2)} (${ours.toFixed(0)} vs ${bareRps.toFixed(0)} req/s)`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await client.close();
    await engines.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
