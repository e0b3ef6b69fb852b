// bench/payments-throughput.js: POST /api/payments throughput and latency (p50/p99) at 50 concurrent payers, each
// paying a different order through the local Stripe fake. Every request is a real payment: order replica read,
// charge claim (unique-key insert), re-read of the order, PaymentIntent create (its id stored on the charge) and
// confirm over HTTP to the fake (form encoding, idempotency keys), the outcome with ChargeCreated in the outbox, relay
// publish, and the late-charge check.
//   node bench/payments-throughput.js [--orders 1000] [--concurrency 50] [--warmup 100]
// The rate of each quarter of the run is printed, to show whether it falls as the store grows.
// Needs a build (npx tsc -b payments infra/stripe-fake testing). Starts its own MongoDB engine, NATS and Redis, the
// Stripe fake and the payments service as child processes (it logs in to the bus as its own user), prepares the orders
// by publishing OrderCreated as the orders service would (as the test kit's `testkit` user), and stops everything at
// the end.
const http = require('node:http');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');
const common = require('../common/dist');
const testing = require('../testing/dist');
const { startFake, paymentsStripeEnv } = require('./lib/stripe-fake');
const { numberArg: arg } = require('./lib/args');

const ORDERS = arg('orders', 1000);
const CONCURRENCY = arg('concurrency', 50);
const WARMUP = arg('warmup', 100);
const root = resolve(__dirname, '..');
const JWT_KEY = testing.TEST_JWT_KEY;
const STRIPE_KEY = 'sk_test_51TicketingPaymentsBench0000000000000000';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/** POST a JSON body; resolves with the status (never rejects on an HTTP status). */
function post(url, cookie, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolvePost, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolvePost(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Publishes OrderCreated for `count` orders of distinct buyers (25 in flight) and waits until payments applied them. */
async function prepareOrders(bus, count) {
  const orders = Array.from({ length: count }, () => {
    const { cookie, user } = testing.sessionCookie(JWT_KEY);
    return { orderId: common.newObjectId(), userId: user.id, cookie };
  });
  const expiresAt = new Date(Date.now() + 3600_000).toISOString();
  for (let i = 0; i < orders.length; i += 25) {
    await Promise.all(
      orders.slice(i, i + 25).map((o) =>
        testing.publishEvent(bus, common.OrderCreated, {
          id: o.orderId,
          version: 0,
          status: 'created',
          userId: o.userId,
          expiresAt,
          ticket: { id: common.newObjectId(), price: 25, version: 0 },
        }),
      ),
    );
  }
  await testing.settled(bus, 'payments-order-created', 300_000);
  return orders;
}

/** Pays every order with `concurrency` payers in a closed loop; latency is send → full answer. */
async function payAll(url, orders, concurrency) {
  const latencies = [];
  const doneAt = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orders.length) {
        const o = orders[next++];
        const t0 = performance.now();
        const status = await post(`${url}/api/payments`, o.cookie, {
          orderId: o.orderId,
          paymentMethod: 'pm_card_visa',
        }).catch(() => 'error');
        latencies.push(performance.now() - t0);
        doneAt.push(performance.now());
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const quarter = Math.floor(doneAt.length / 4);
  const quarters = [0, 1, 2, 3].map((q) => {
    const from = q === 0 ? started : doneAt[q * quarter - 1];
    return quarter / ((doneAt[(q + 1) * quarter - 1] - from) / 1000);
  });
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    seconds,
    statuses,
    quarters,
    rps: orders.length / seconds,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: latencies[latencies.length - 1],
  };
}

async function chargeEventsInStream(bus) {
  const info = await bus.jsm.streams.info(common.STREAM_NAME, { subjects_filter: 'charge.created' });
  return info.state.subjects?.['charge.created'] ?? 0;
}

async function main() {
  const engines = await testing.startRunEngines({ prefix: 'bench-payments' });
  const stops = [];
  try {
    const fake = await startFake();
    stops.push(() => fake.stop());
    const payments = await testing.startServiceProcess({
      name: 'payments',
      entry: join(root, 'payments/dist/index.js'),
      env: {
        MONGO_URI: `${engines.mongoUri}/payments`,
        NATS_URL: engines.natsUrl,
        REDIS_URL: engines.redisUrl,
        JWT_KEY,
        LOG_LEVEL: 'warn',
        ...paymentsStripeEnv(fake.url, STRIPE_KEY),
      },
    });
    stops.push(() => payments.stop());
    const bus = await testing.connectTestBus(engines.natsUrl);
    stops.push(() => common.drainBus(bus));

    if (WARMUP > 0) await payAll(payments.url, await prepareOrders(bus, WARMUP), Math.min(CONCURRENCY, WARMUP));
    const prepStarted = performance.now();
    const orders = await prepareOrders(bus, ORDERS);
    const prepSeconds = (performance.now() - prepStarted) / 1000;
    const before = await chargeEventsInStream(bus);
    const r = await payAll(payments.url, orders, CONCURRENCY);
    // Every 201 stored a ChargeCreated in the outbox; wait for the relay to have published them all.
    const deadline = Date.now() + 60_000;
    let published = 0;
    while (Date.now() < deadline && (published = (await chargeEventsInStream(bus)) - before) < (r.statuses[201] ?? 0)) {
      await new Promise((done) => setTimeout(done, 100));
    }

    console.log(
      `payments: POST /api/payments, ${ORDERS} orders (one per buyer, $25, pm_card_visa), ${CONCURRENCY} concurrent payers`,
    );
    console.log(
      `MongoDB engine ${engines.mongoUri}, nats-server ${engines.natsUrl}, Stripe fake ${fake.url} (no latency); ${WARMUP} warm-up payments first`,
    );
    console.log(`orders prepared (OrderCreated published and applied) in ${prepSeconds.toFixed(1)} s\n`);
    console.log('| payers | payments | statuses | seconds | payments/s | p50 ms | p90 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${CONCURRENCY} | ${ORDERS} | ${JSON.stringify(r.statuses)} | ${r.seconds.toFixed(1)} | ${r.rps.toFixed(1)} | ` +
        `${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`,
    );
    console.log(`\npayments/s by quarter of the run: ${r.quarters.map((q) => q.toFixed(1)).join(', ')}`);
    console.log(`ChargeCreated published for this run: ${published} (expected ${r.statuses[201] ?? 0})`);
    // What the service logged at warn or above, grouped (the 5xx answers, transient database errors retried…).
    const problems = {};
    for (const line of payments.output().split('\n')) {
      if (!/"level":(40|50|60)/.test(line)) continue;
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      const key = `${entry.msg}: ${String(entry.err?.message ?? '').slice(-90)}`;
      problems[key] = (problems[key] ?? 0) + 1;
    }
    for (const [key, count] of Object.entries(problems)) console.log(`payments logged ${count} x ${key}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error('stop failed:', e));
    await engines.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
