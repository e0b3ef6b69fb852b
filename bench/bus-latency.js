// bench/bus-latency.js: publish-to-handled latency at a fixed rate, through common's publisher and listener
// (validation, envelope, Nats-Msg-Id, PubAck, durable consumer, wrapper-decided ack) side by side with bare nats.js
// (js.publish + a durable pull consumer + ack) on the same nats-server, in the same run.
//   node bench/bus-latency.js [--rate 500] [--seconds 20]
// Needs a build (npx tsc -b). Starts its own nats-server on a free port and stops it at the end. Both paths log in as
// the test kit's unrestricted `testkit` user (the bare one creates a stream of its own, which no service may).
const { performance } = require('node:perf_hooks');
const common = require('../common/dist');
const { startRunEngines, testBusLogin } = require('../testing/dist');
const { numberArg: arg } = require('./lib/args');
// The same nats.js packages (and versions) that common uses, resolved from common's folder.
const fromCommon = require('node:module').createRequire(require.resolve('../common/package.json'));
const { connect } = fromCommon('@nats-io/transport-node');
const { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } = fromCommon('@nats-io/jetstream');

const RATE = arg('rate', 500);
const SECONDS = arg('seconds', 20);
const TOTAL = RATE * SECONDS;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(name, latencies, handled) {
  const s = [...latencies].sort((a, b) => a - b);
  return { name, handled, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

/** Publishes TOTAL messages at RATE per second (scheduled, not back-to-back) and waits until all are handled. */
async function drive(publishOne, handledCount) {
  const started = performance.now();
  const inflight = [];
  for (let i = 0; i < TOTAL; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(publishOne(i));
  }
  await Promise.all(inflight);
  const deadline = Date.now() + 30_000;
  while (handledCount() < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function bare(url) {
  const { user, password } = testBusLogin('testkit');
  const nc = await connect({ servers: url, user, pass: password });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'BENCH', subjects: ['bench.raw'] });
  await jsm.consumers.add('BENCH', {
    durable_name: 'bench-raw',
    filter_subject: 'bench.raw',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
  });
  const js = jetstream(nc);
  const sentAt = new Map();
  const latencies = [];
  const consumer = await js.consumers.get('BENCH', 'bench-raw');
  const messages = await consumer.consume({ max_messages: 8 });
  void (async () => {
    for await (const m of messages) {
      const { i } = m.json();
      latencies.push(performance.now() - sentAt.get(i));
      m.ack();
    }
  })();
  await drive(
    async (i) => {
      sentAt.set(i, performance.now());
      await js.publish('bench.raw', JSON.stringify({ i, title: 'Rock Concert', price: 100 }), { msgID: `raw-${i}` });
    },
    () => latencies.length,
  );
  await messages.close();
  await nc.drain();
  return summary('bare nats.js', latencies, latencies.length);
}

async function ours(url) {
  const log = common.createLogger('bench', 'silent');
  const bus = await common.connectBus({ url, service: 'bench', log, credentials: testBusLogin('testkit') });
  const sentAt = new Map();
  const latencies = [];
  const listener = await common.listen(
    bus,
    common.defineListener({
      event: common.TicketCreated,
      handle: async (data) => {
        latencies.push(performance.now() - sentAt.get(data.id));
      },
    }),
  );
  const userId = common.newObjectId();
  await drive(
    async (i) => {
      const id = (0x100000 + i).toString(16).padStart(24, '0');
      sentAt.set(id, performance.now());
      await common.publish(bus, common.TicketCreated, { id, version: 0, title: 'Rock Concert', price: 100, userId });
    },
    () => latencies.length,
  );
  await listener.stop();
  await common.drainBus(bus);
  return summary('@ticketing/common', latencies, latencies.length);
}

async function main() {
  const engines = await startRunEngines({ prefix: 'bench-bus', only: ['nats'] });
  try {
    console.log(
      `publish-to-handled latency, ${RATE} events/s for ${SECONDS} s (${TOTAL} events each), nats-server on ${engines.natsUrl}`,
    );
    const rows = [await bare(engines.natsUrl), await ours(engines.natsUrl)];
    console.log('\n| path | handled | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|');
    for (const r of rows)
      console.log(`| ${r.name} | ${r.handled} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(2)} |`);
    const [b, o] = rows;
    console.log(
      `\nratio (ours / bare): p50 ${(o.p50 / b.p50).toFixed(2)}x, p99 ${(o.p99 / b.p99).toFixed(2)}x, max ${(o.max / b.max).toFixed(2)}x`,
    );
  } finally {
    await engines.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
