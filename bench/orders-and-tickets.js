// bench/orders-and-tickets.js (issue 5):
//  1. POST /api/orders throughput and p50/p99 at 50 and 200 concurrent signed-in buyers, each ordering a different
//     ticket (every request is a real reservation: unique-key insert + order version 0 + outbox event).
//  2. GET /api/tickets/:id throughput of the tickets service against a bare Express + mongoose findById on the same
//     FerretDB, in the same run, at 50 concurrent clients; the ratio.
//   node bench/orders-and-tickets.js [--orders 2000] [--seconds 10]
// Needs a build (npx tsc -b). Starts its own engines and services (child processes) and stops them at the end.
const { mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { startEngines } = require('../infra/local/dist');
const common = require('../common/dist');
const testing = require('../common/dist/testing');
const { request, runLoad, formatRow, TABLE_HEADER } = require('./lib/load');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ORDERS_PER_LEVEL = arg('orders', 2000);
const SECONDS = arg('seconds', 10);
const root = resolve(__dirname, '..');
const JWT_KEY = testing.TEST_JWT_KEY;

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-orders-'));
  const engines = await startEngines({ dataDir, only: ['mongo', 'nats'] });
  const stops = [];
  try {
    const env = (db) => ({
      MONGO_URI: `${engines.mongoUri}/${db}`,
      NATS_URL: engines.natsUrl,
      JWT_KEY,
      LOG_LEVEL: 'warn',
    });
    const orders = await testing.startServiceProcess({
      name: 'orders',
      entry: join(root, 'orders/dist/index.js'),
      env: env('orders'),
    });
    stops.push(() => orders.stop());
    const tickets = await testing.startServiceProcess({
      name: 'tickets',
      entry: join(root, 'tickets/dist/index.js'),
      env: env('tickets'),
    });
    stops.push(() => tickets.stop());
    const bare = await testing.startServiceProcess({
      name: 'bare',
      entry: join(__dirname, 'bare-ticket-server.js'),
      env: env('bare'),
    });
    stops.push(() => bare.stop());
    const bus = await testing.connectTestBus(engines.natsUrl);
    stops.push(() => common.drainBus(bus));

    console.log('## POST /api/orders (each buyer orders a different ticket)\n');
    console.log(TABLE_HEADER);
    for (const concurrency of [50, 200]) {
      const seller = common.newObjectId();
      const ids = Array.from({ length: ORDERS_PER_LEVEL }, () => common.newObjectId());
      for (const id of ids)
        await testing.publishEvent(bus, common.TicketCreated, {
          id,
          version: 0,
          title: 'Bench Concert',
          price: 25,
          userId: seller,
        });
      await testing.settled(bus, 'orders-ticket-created', 120_000);
      const buyers = ids.map(() => testing.sessionCookie(JWT_KEY).cookie);
      const result = await runLoad({
        concurrency,
        total: ids.length,
        send: async (i) =>
          (
            await request(`${orders.url}/api/orders`, {
              method: 'POST',
              headers: { cookie: buyers[i] },
              body: { ticketId: ids[i] },
            })
          ).status,
      });
      console.log(formatRow(`${concurrency} concurrent buyers`, result));
    }

    console.log('\n## GET /api/tickets/:id: ours vs bare Express + mongoose findById (50 concurrent clients)\n');
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
    const seeded = await request(`${bare.url}/seed`, {
      method: 'POST',
      body: {
        tickets: Array.from({ length: 100 }, (_, i) => ({ title: `Concert ${i}`, price: 50, userId: seller.user.id })),
      },
    });
    const bareIds = JSON.parse(seeded.body);
    const rounds = [];
    for (const [name, url, ids] of [
      ['bare', bare.url, bareIds],
      ['ours', tickets.url, ourIds],
      ['bare', bare.url, bareIds],
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
    await engines.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
