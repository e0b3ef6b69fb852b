// bench/expiration-precision.js: how late the expiration service publishes OrderExpired under load. 10,000 orders are
// published as OrderCreated events through the bus, due uniformly over 60 s (starting after a lead time, so that every
// order is pending before the first one is due); one expiration service (a child process, `node expiration/dist`)
// schedules them in BullMQ and publishes OrderExpired when due. A plain NATS subscription records when each one
// arrives: lateness = arrival − expiresAt. Redis memory (INFO memory) is sampled every 250 ms.
//   node bench/expiration-precision.js [--orders 10000] [--seconds 60] [--lead 20] [--hz 100]
// --hz sets Redis's `hz` (server cron frequency, default 10): Redis checks blocking-command timeouts on that clock, and
// BullMQ's worker waits for the next delayed job with a blocking BZPOPMIN, so `hz` bounds the precision (100 ms at 10).
// Needs a build (npx tsc -b expiration testing). Starts its own nats-server and redis-server on free ports and stops
// them. The service logs in as its own bus user; the events are published and watched as the test kit's `testkit`.
const { resolve } = require('node:path');
const common = require('../common/dist');
const { startRunEngines, startServiceProcess, connectTestBus, settled } = require('../testing/dist');
const { Redis } = require('ioredis');
const { withoutCredentials } = require('../infra/local/dist');
const { numberArg: arg } = require('./lib/args');

const ORDERS = arg('orders', 10_000);
const WINDOW_MS = arg('seconds', 60) * 1000;
const LEAD_MS = arg('lead', 20) * 1000;
const REDIS_HZ = arg('hz', 100);
const PUBLISH_CONCURRENCY = 64;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Samples INFO memory until stopped; keeps the peak, and the value at named moments. */
function sampleMemory(redis) {
  let peak = { bytes: 0, human: '?' };
  let stopped = false;
  const read = async () => {
    const info = await redis.info('memory');
    const bytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    const human = /used_memory_human:(\S+)/.exec(info)?.[1] ?? '?';
    if (bytes > peak.bytes) peak = { bytes, human };
    return { bytes, human };
  };
  const loop = (async () => {
    while (!stopped) {
      await read().catch(() => undefined);
      await sleep(250);
    }
  })();
  return {
    read,
    peak: () => peak,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function main() {
  const engines = await startRunEngines({ prefix: 'bench-expiration', only: ['nats', 'redis'] });
  const redis = new Redis(engines.redisUrl);
  await redis.config('SET', 'hz', String(REDIS_HZ)); // always: infra/local starts Redis with --hz 100
  let service;
  let bus;
  try {
    service = await startServiceProcess({
      name: 'expiration',
      entry: resolve(__dirname, '../expiration/dist/index.js'),
      env: { NATS_URL: engines.natsUrl, REDIS_URL: engines.redisUrl, LOG_LEVEL: 'warn' },
    });
    bus = await connectTestBus(engines.natsUrl);
    const memory = sampleMemory(redis);
    const baseline = await memory.read();

    // Every publish of OrderExpired, with its arrival time (a plain subscription also sees publishes JetStream dedupes).
    const arrivals = new Map();
    let received = 0;
    bus.nc.subscribe(common.OrderExpired.subject, {
      callback: (err, msg) => {
        if (err) return;
        const at = Date.now();
        const { orderId } = msg.json().data;
        arrivals.set(orderId, [...(arrivals.get(orderId) ?? []), at]);
        received++;
      },
    });

    const start = Date.now() + LEAD_MS;
    const orders = Array.from({ length: ORDERS }, () => ({
      id: common.newObjectId(),
      version: 0,
      status: 'created',
      userId: common.newObjectId(),
      expiresAt: new Date(start + Math.random() * WINDOW_MS).toISOString(),
      ticket: { id: common.newObjectId(), price: 20, version: 0 },
    }));
    console.log(
      `${ORDERS} orders due uniformly over ${WINDOW_MS / 1000} s, starting in ${LEAD_MS / 1000} s; ` +
        `nats ${engines.natsUrl}, redis ${withoutCredentials(engines.redisUrl)} (hz ${REDIS_HZ})`,
    );

    const publishStarted = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PUBLISH_CONCURRENCY }, async () => {
        while (next < orders.length) await common.publish(bus, common.OrderCreated, orders[next++]);
      }),
    );
    const publishMs = Date.now() - publishStarted;
    await settled(bus, 'expiration-order-created', 120_000);
    const scheduledMs = Date.now() - publishStarted;
    const delayed = await redis.zcard('bull:order-expiration:delayed');
    const allPending = await memory.read();
    console.log(
      `published in ${publishMs} ms, all scheduled ${scheduledMs} ms after the first publish ` +
        `(${delayed} delayed jobs in Redis${scheduledMs > LEAD_MS ? '; WARNING: longer than the lead' : ''})`,
    );

    const deadline = start + WINDOW_MS + 30_000;
    while (received < ORDERS && Date.now() < deadline) await sleep(100);
    await sleep(1_000); // a late duplicate would show up here
    await memory.stop();
    const atEnd = await memory.read();

    const lateness = [];
    let missing = 0;
    let duplicates = 0;
    for (const order of orders) {
      const at = arrivals.get(order.id);
      if (!at) {
        missing++;
        continue;
      }
      duplicates += at.length - 1;
      lateness.push(at[0] - Date.parse(order.expiresAt));
    }
    lateness.sort((a, b) => a - b);
    const early = lateness.filter((l) => l < 0).length;

    console.log('\n| orders | expired | missing | duplicates | early | min ms | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${ORDERS} | ${lateness.length} | ${missing} | ${duplicates} | ${early} | ${lateness[0]} | ` +
        `${percentile(lateness, 50)} | ${percentile(lateness, 99)} | ${lateness[lateness.length - 1]} |`,
    );
    console.log('\n| Redis used_memory | human |');
    console.log('|---|---|');
    console.log(`| before | ${baseline.human} |`);
    console.log(`| all ${ORDERS} pending | ${allPending.human} |`);
    console.log(`| peak (sampled every 250 ms) | ${memory.peak().human} |`);
    console.log(`| after all fired (completed jobs kept 24 h) | ${atEnd.human} |`);
  } finally {
    if (bus) await common.drainBus(bus);
    if (service) await service.stop();
    redis.disconnect();
    await engines.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
