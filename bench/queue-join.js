// bench/queue-join.js (issue 27): what one queue replica spends per buyer of an on-sale (a join, then the live
// stream opened and held), against bare Express doing the least the same requests need (bench/bare-queue-server.js:
// a JSON body parser and one Redis call per request), side by side, alternating, in one run.
//   node bench/queue-join.js [--buyers 5000] [--rate 500] [--rounds 2]
// Each case: `--buyers` buyers arrive at `--rate` a second (one replica's share of bench/on-sale.js's 10,000 buyers in
// 10 s), each joins and then opens the stream and holds it until the case ends, made by bench/buyers (the Go client
// of the on-sale) after 2,000 unmeasured buyers warmed the process up. Measured: the server process's CPU (user +
// system, from /proc, all its threads) from the first arrival until a second after the last, per buyer; the joins'
// latency as the client saw it. The room is in its pre-queue (nobody admitted, nothing pushed after the stream
// opens), so the figures are the request path alone. Needs a build (npx tsc -b) and Go.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Redis } = require('ioredis');
const testing = require('../testing/dist');
const rooms = require('../queue/dist/rooms/rooms');
const { buildGoBuyers, runGoBuyers } = require('./lib/go-buyers');
const { percentile } = require('./lib/stats');
const { numberArg: arg } = require('./lib/args');

const BUYERS = arg('buyers', 5_000);
const RATE = arg('rate', 500);
const ROUNDS = arg('rounds', 2);
const WARM_UP = 2_000;
const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** CPU milliseconds (user + system, every thread) the process has used so far. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s (USER_HZ)
}

/** A room in its pre-queue, defined in Redis as the queue's EventCreated handler does. */
async function preQueueRoom(redis, n) {
  const event = {
    id: `65b00000000000000000000${n}`,
    version: 0,
    title: `Queue join bench ${n}`,
    startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    onSaleAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    waitingRoom: true,
    admitPerMinute: 2_000,
    queueMinutes: 60,
  };
  await rooms.defineRoom(redis, event, 30);
  return event.id;
}

/** One case: the warm-up, then the measured buyers; resolves with CPU µs per buyer and the join latencies. */
async function measure(bin, server, eventIds) {
  const cookies = (n) => Array.from({ length: n }, () => testing.sessionCookie(testing.TEST_JWT_KEY).cookie);
  const windowMs = (BUYERS * 1_000) / RATE;
  const firstArrival = Date.now() + (WARM_UP * 1_000) / RATE + 3_000;
  const lastArrival = firstArrival + windowMs;
  const plan = {
    eventId: eventIds.measured,
    queueUrls: [server.url],
    firstArrival,
    windowMs,
    total: BUYERS,
    hardLimitAt: lastArrival + 1_000,
    buyers: cookies(BUYERS).map((cookie, k) => ({ k, i: k, cookie })),
    warmUp: { eventId: eventIds.warmUp, startAt: Date.now() + 500, followMs: 1_000, cookies: cookies(WARM_UP) },
  };
  const cpuAt = (at) => sleep(at - Date.now()).then(() => cpuMs(server.pid));
  const [from, to] = [cpuAt(firstArrival), cpuAt(lastArrival + 1_000)];
  const joins = [];
  const statuses = {};
  await runGoBuyers(bin, plan, (report) => {
    if (report.t !== 'join') return;
    joins.push(report.ms);
    statuses[report.status] = (statuses[report.status] ?? 0) + 1;
  });
  joins.sort((a, b) => a - b);
  return { cpuUs: ((await to) - (await from)) * (1_000 / BUYERS), joins, statuses };
}

async function main() {
  const bin = buildGoBuyers();
  const engines = await testing.startRunEngines({ prefix: 'bench-queue-join', only: ['redis', 'nats'] });
  const redis = new Redis(engines.redisUrl);
  const servers = [];
  try {
    const env = { NATS_URL: engines.natsUrl, REDIS_URL: engines.redisUrl, LOG_LEVEL: 'warn' };
    servers.push({
      label: 'queue (the service)',
      process: await testing.startServiceProcess({
        name: 'queue',
        entry: join(__dirname, '../queue/dist/index.js'),
        env: {
          ...env,
          JWT_KEY: testing.TEST_JWT_KEY,
          QUEUE_PASS_KEY: testing.TEST_QUEUE_PASS_KEY,
          QUEUE_STREAMS_MAX: String(2 * (BUYERS + WARM_UP)),
        },
      }),
    });
    servers.push({
      label: 'bare Express',
      process: await testing.startServiceProcess({ name: 'bare', entry: join(__dirname, 'bare-queue-server.js'), env }),
    });
    let room = 0;
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round in the other order, so that neither side always runs first.
      for (const server of round % 2 ? servers : [...servers].reverse()) {
        const eventIds = { warmUp: await preQueueRoom(redis, room++), measured: await preQueueRoom(redis, room++) };
        const { cpuUs, joins, statuses } = await measure(bin, server.process, eventIds);
        rows.push(
          `| ${round} | ${server.label} | ${cpuUs.toFixed(0)} | ${percentile(joins, 50).toFixed(1)} | ` +
            `${percentile(joins, 99).toFixed(1)} | ${JSON.stringify(statuses)} |`,
        );
      }
    }
    console.log(`\n${BUYERS} buyers at ${RATE} a second, each a join and then a live stream held to the end\n`);
    console.log('| round | server | CPU µs per buyer | join p50 ms | join p99 ms | join statuses |');
    console.log('|---|---|---:|---:|---:|---|');
    for (const row of rows) console.log(row);
  } finally {
    for (const server of servers) await server.process.stop();
    redis.disconnect();
    await engines.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
