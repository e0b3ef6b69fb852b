// bench/on-sale.js (issue 27, DESIGN §13): a hot on-sale, with the waiting room and then without it, side by side.
//   node bench/on-sale.js [--buyers 10000] [--tickets 200] [--rate 2000] [--window 10] [--minutes 2] [--lead 45]
//                         [--clients 1] [--client go|node] [--room-only] [--dump joins.json] [--cpu-prof dir]
// 1. The room: one event with `--tickets` tickets, a waiting room admitting `--rate` buyers a minute; `--buyers`
//    buyers (sessions signed with the test kit's key, not sign-ups) join within `--window` seconds around onSaleAt,
//    half before it (the pre-queue), each then following their status on the room's live stream. An admitted buyer
//    buys with a probability that sells the event out after about `--minutes` minutes of admissions (so the rate is
//    measured over whole minutes), with the pass, and pays (payments, through the Stripe fake). Meanwhile buyers who
//    were not admitted order without a pass, with a forged one and with someone else's. Measured: admitted per minute
//    against the rate; orders placed without a valid pass; pre-queue positions against arrival order (chi-square of
//    deciles) and later joiners strictly after them in arrival order; join latency; every ticket sold exactly once;
//    the room closed ("sold out") at sell-out; refusals of pass holders; Redis memory at its peak (INFO memory).
// 2. Without the room: an event with the same tickets and no waiting room; the same buyers arrive on the same schedule
//    and go straight at POST /api/orders from onSaleAt on (a buyer who arrived early fires at onSaleAt, as a page's
//    countdown or a bot does), trying up to 3 tickets. Measured: orders' latency and who got the tickets, by arrival.
// The buyers run in `--clients` worker threads (default 1; buyer i in thread i % clients: bench/lib/on-sale-buyers.js),
// each thread's loop delay during the joins reported, since a busy client inflates the latencies it measures. With
// `--client go` (the default) a thread hands its buyers' joins and live streams to bench/buyers, a Go program built
// here, and keeps the rest (buying, paying, the attempts without a pass); `--client node` does it all in the thread.
// Queue and orders run as two replicas each (buyer i talks to replica i % 2, as a load balancer would spread them);
// tickets, payments and the Stripe fake as one. Everything on 127.0.0.1, started here and stopped at the end; the
// whole run is bounded (about `--minutes` + 3 minutes; a hard limit stops it). Needs a build (npx tsc -b).
const { readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');
const { Worker } = require('node:worker_threads');
const { MongoClient } = require('mongodb');
const { Redis } = require('ioredis');
const common = require('../common/dist');
const testing = require('../testing/dist');
const { startFake, paymentsStripeEnv } = require('./lib/stripe-fake');
const { buildGoBuyers } = require('./lib/go-buyers');
const { call, sleep } = require('./lib/buyer-http');
const { percentile, decileOf, chiSquare } = require('./lib/stats');

/** The value after `--name` on the command line, or undefined. */
const flag = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const arg = (name, fallback) => (flag(name) === undefined ? fallback : Number(flag(name)));
const BUYERS = arg('buyers', 10_000);
const TICKETS = arg('tickets', 200);
const RATE = arg('rate', 2_000);
const WINDOW_MS = arg('window', 10) * 1_000;
const ADMISSION_MINUTES = arg('minutes', 2);
/** Seconds from an event's creation to its on-sale: its tickets are listed and replicated meanwhile. */
const LEAD_MS = arg('lead', 45) * 1_000;
/** The share of admitted buyers who buy: the event sells out after about ADMISSION_MINUTES of admissions. */
const BUY_SHARE = Math.min(1, TICKETS / (RATE * (ADMISSION_MINUTES + 0.25)));
const PASS_MINUTES = 10;
const HARD_LIMIT_MS = (ADMISSION_MINUTES + 4) * 60_000;
/** Worker threads the buyers are spread over (`--clients`). */
const CLIENTS = arg('clients', 1);
/** Buyers who warm the services up before the measured joins (`--warm-up`; 0: none), and when, before the first arrival. */
const WARM_UP = arg('warm-up', 2_000);
const WARM_UP_LEAD_MS = 10_000;
/** `--client`: who makes the room's joins and follows the streams, `go` (bench/buyers) or `node` (the thread itself). */
const CLIENT = flag('client') ?? 'go';
if (!['go', 'node'].includes(CLIENT)) throw new Error(`--client ${CLIENT}: go or node`);
/** `--room-only`: skip the phase without the room (diagnosing the room). */
const ROOM_ONLY = process.argv.includes('--room-only');
/** `--dump <file>`: each buyer's arrival (ms from onSaleAt) and join latency, as JSON, for a closer look. */
const DUMP = flag('dump');
/** `--cpu-prof <dir>`: the queue replicas write V8 CPU profiles there at their exit. */
const CPU_PROF_DIR = flag('cpu-prof');
const root = resolve(__dirname, '..');
const JWT_KEY = testing.TEST_JWT_KEY;
const PASS_KEY = testing.TEST_QUEUE_PASS_KEY;
const STRIPE_KEY = 'sk_test_51TicketingOnSaleBench000000000000000000';

const elapsed = (from) => ((Date.now() - from) / 1000).toFixed(1);

/**
 * Runs the buyers of a phase in `CLIENTS` worker threads (bench/lib/on-sale-buyers.js; buyer i in thread i % CLIENTS)
 * and resolves with each thread's result.
 */
function runBuyers(phase, buyers, data) {
  return Promise.all(
    Array.from({ length: CLIENTS }, (_, w) => {
      const slice = buyers.map((b, i) => ({ ...b, i })).filter((b) => b.i % CLIENTS === w);
      const worker = new Worker(join(__dirname, 'lib/on-sale-buyers.js'), {
        workerData: { phase, buyers: slice, total: buyers.length, ...data },
      });
      return new Promise((done, fail) => {
        worker.once('message', (result) => {
          done(result);
          void worker.terminate();
        });
        worker.once('error', fail);
      });
    }),
  );
}

async function startSystem(engines) {
  const stops = [];
  const stripe = await startFake();
  stops.push(() => stripe.stop());
  const start = async (name, entry, env, nodeFlags) => {
    const service = await testing.startServiceProcess({
      name,
      entry,
      nodeFlags,
      env: {
        NATS_URL: engines.natsUrl,
        REDIS_URL: engines.redisUrl,
        JWT_KEY,
        QUEUE_PASS_KEY: PASS_KEY,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    stops.push(() => service.stop());
    return service;
  };
  const db = (name) => ({ MONGO_URI: `${engines.mongoUri}/${name}` });
  const tickets = await start('tickets', join(root, 'tickets/dist/index.js'), {
    ...db('tickets'),
    EVENTS_MIN_LEAD_SECONDS: '60',
  });
  const payments = await start('payments', join(root, 'payments/dist/index.js'), {
    ...db('payments'),
    ...paymentsStripeEnv(stripe.url, STRIPE_KEY),
  });
  const orders = [];
  const queues = [];
  for (const n of [1, 2]) {
    orders.push(await start(`orders-${n}`, join(root, 'orders/dist/index.js'), db('orders')));
    queues.push(
      await start(
        `queue-${n}`,
        join(root, 'queue/dist/index.js'),
        {
          PASS_MINUTES: String(PASS_MINUTES),
          QUEUE_STREAMS_MAX: String(Math.max(5_000, BUYERS)),
        },
        CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [],
      ),
    );
  }
  return {
    tickets,
    payments,
    orders,
    queues,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

/** An event of the admin's with `count` tickets of one seller, on sale at `onSaleAt`, replicated where it is needed. */
async function eventWithTickets(sys, bus, db, { onSaleAt, waitingRoom, title, tickets = TICKETS }) {
  const admin = testing.sessionCookie(JWT_KEY, { roles: ['admin'] }).cookie;
  const created = await call(`${sys.tickets.url}/api/events`, {
    method: 'POST',
    cookie: admin,
    body: {
      title,
      venue: 'Bench Arena',
      city: 'Benchville',
      category: 'concert',
      startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      onSaleAt: new Date(onSaleAt).toISOString(),
      waitingRoom,
      ...(waitingRoom && { admitPerMinute: RATE, queueMinutes: 60 }),
    },
  });
  if (created.status !== 201) throw new Error(`POST /api/events: ${created.status} ${JSON.stringify(created.body)}`);
  const eventId = created.body.id;
  const seller = testing.sessionCookie(JWT_KEY).cookie;
  const ticketIds = [];
  for (let i = 0; i < tickets; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, tickets - i) }, (_, k) =>
        call(`${sys.tickets.url}/api/tickets`, {
          method: 'POST',
          cookie: seller,
          body: { title: `Seat ${i + k + 1}`, price: 50, eventId },
        }),
      ),
    );
    for (const res of batch) {
      if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status} ${JSON.stringify(res.body)}`);
      ticketIds.push(res.body.id);
    }
  }
  await testing.eventually(
    async () => (await db.collection('tickets').countDocuments({ 'event.id': eventId })) === tickets,
    'the tickets in orders’ replica',
    { timeoutMs: 60_000 },
  );
  for (const durable of ['queue-event-created', 'queue-ticket-created']) await testing.settled(bus, durable, 60_000);
  return { eventId, ticketIds };
}

/** The decile counts (by arrival) of a set of buyer indexes. */
function arrivalDeciles(indexes) {
  const counts = Array(10).fill(0);
  for (const i of indexes) counts[decileOf(i, BUYERS)]++;
  return counts;
}

function latencySummary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

const countBy = (values) => values.reduce((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});

/** The machine's CPU time so far from /proc/stat (Linux; undefined elsewhere): all of it, idle, and stolen by the host. */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3] + fields[4], steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU that was busy, and stolen by its host (a VM's neighbours), between two cpuTimes(). */
function cpuShare(from, to) {
  if (!from || !to) return undefined;
  const total = to.total - from.total;
  return { busy: 1 - (to.idle - from.idle) / total, steal: (to.steal - from.steal) / total };
}

const JOIN_BOUNDS = ['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '1', '+Inf'];

/**
 * The joins the queue replicas answered so far, counted within each bound of their own request histogram (seconds,
 * cumulative, both replicas): the server's side of the join latency, without the buyers' client and the network.
 */
async function joinsAnswered(sys) {
  const counts = Object.fromEntries(JOIN_BOUNDS.map((le) => [le, 0]));
  for (const queue of sys.queues) {
    const text = await (await fetch(`${queue.url}/metrics`)).text();
    for (const le of JOIN_BOUNDS) {
      counts[le] += testing.sampleSum(text, 'http_server_request_duration_bucket', {
        http_request_method: 'POST',
        http_route: '/api/queue/:eventId',
        le,
      });
    }
  }
  return counts;
}

/** Phase 1: the room. */
async function withTheRoom(sys, bus, ordersDb, redis, buyers, goBuyers) {
  // The warm-up's room: open (its pre-queue) for the whole run, no tickets, nobody admitted.
  const warmUpRoom = await eventWithTickets(sys, bus, ordersDb, {
    onSaleAt: Date.now() + 25 * 60_000,
    waitingRoom: true,
    title: 'On-sale bench, warming up',
    tickets: 0,
  });
  const onSaleAt = Date.now() + LEAD_MS;
  const { eventId, ticketIds } = await eventWithTickets(sys, bus, ordersDb, {
    onSaleAt,
    waitingRoom: true,
    title: 'On-sale bench, with the room',
  });
  const firstArrival = onSaleAt - WINDOW_MS / 2;
  if (Date.now() > firstArrival - WARM_UP_LEAD_MS - 2_000) {
    throw new Error('setting up took longer than the time before the on-sale');
  }
  // Redis's own record of what stalled it (an fsync of its append-only file, a long script) for 20 ms or more.
  await redis.config('SET', 'latency-monitor-threshold', '20');
  await redis.latency('RESET');
  let peakRedis = 0;
  const redisPoll = setInterval(async () => {
    const info = await redis.info('memory').catch(() => '');
    const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    peakRedis = Math.max(peakRedis, used);
  }, 500);

  console.log(
    `room: event ${eventId}, on sale in ${((onSaleAt - Date.now()) / 1000).toFixed(0)} s; ${BUYERS} buyers join, in ${CLIENTS} threads (${CLIENT})`,
  );
  // The replicas' own count of joins, before the measured ones (the warm-up's are before) and after them.
  const cpuAtFirstArrival = sleep(firstArrival - Date.now()).then(cpuTimes);
  const cpuAtLastArrival = sleep(firstArrival + WINDOW_MS - Date.now()).then(cpuTimes);
  const answeredBefore = sleep(firstArrival - 1_000 - Date.now()).then(() => joinsAnswered(sys));
  const answeredAfter = sleep(firstArrival + WINDOW_MS + 5_000 - Date.now()).then(() => joinsAnswered(sys));
  const results = await runBuyers('room', buyers, {
    eventId,
    ticketIds,
    onSaleAt,
    firstArrival,
    windowMs: WINDOW_MS,
    hardLimitAt: onSaleAt + HARD_LIMIT_MS,
    queueUrls: sys.queues.map((q) => q.url),
    ordersUrls: sys.orders.map((o) => o.url),
    paymentsUrl: sys.payments.url,
    passMinutes: PASS_MINUTES,
    admissionMinutes: ADMISSION_MINUTES,
    goBuyers,
    buyShare: BUY_SHARE,
    intruders: Math.ceil(100 / CLIENTS),
    warmUp: {
      eventId: warmUpRoom.eventId,
      startAt: firstArrival - WARM_UP_LEAD_MS,
      followMs: 2_000,
      buyers: Array.from({ length: Math.ceil(WARM_UP / CLIENTS) }, () => {
        const { cookie, user } = testing.sessionCookie(JWT_KEY);
        return { id: user.id, cookie };
      }),
    },
  });
  clearInterval(redisPoll);
  // LATENCY LATEST: [event, last at (s), last ms, max ms] each.
  const redisStalls = (await redis.latency('LATEST')).map(([event, , , max]) => `${event} (max ${max} ms)`);
  console.log(`warm-up: ${results.reduce((n, r) => n + r.warmedUp, 0)} other buyers joined another room first`);
  if (results.some((r) => r.partial)) console.log('!! the room phase hit its hard time limit: figures are partial');
  await sleep(2_000);
  const state = [];
  for (const r of results) for (const s of r.states) state[s.i] = s;
  const sold = results.flatMap((r) => r.sold);
  const passOrders = results.flatMap((r) => r.passOrders);
  const intruders = results.flatMap((r) => r.intruders);
  const closedTimes = results.map((r) => r.closedAt).filter((t) => t !== null);
  const closedAt = closedTimes.length ? Math.min(...closedTimes) : null;
  const soldOutAt = sold.length >= TICKETS ? Math.max(...sold.map((x) => x.at)) : null;
  const clientLoopMs = {
    p99: Math.max(...results.map((r) => r.loopDelay.p99)),
    max: Math.max(...results.map((r) => r.loopDelay.max)),
  };

  // Joins.
  const [before, after] = [await answeredBefore, await answeredAfter];
  const joinCpu = cpuShare(await cpuAtFirstArrival, await cpuAtLastArrival);
  const serverJoins = Object.fromEntries(JOIN_BOUNDS.map((le) => [le, after[le] - before[le]]));
  const joins = state.filter((s) => s.joinMs !== undefined);
  const join = latencySummary(joins.map((s) => s.joinMs));
  if (DUMP) {
    const rows = state.map((s, i) => ({
      i,
      at: Math.round(firstArrival + (i * WINDOW_MS) / BUYERS - onSaleAt),
      ms: s.joinMs,
      first: s.first,
    }));
    writeFileSync(DUMP, JSON.stringify(rows));
  }
  const joinBefore = latencySummary(joins.filter((s) => s.first === 'prequeue').map((s) => s.joinMs));
  const joinAfter = latencySummary(joins.filter((s) => s.first !== 'prequeue').map((s) => s.joinMs));
  // Admissions per whole minute from the on-sale, up to the room's close.
  const admitted = state.filter((s) => s.admittedAt !== undefined).map((s) => s.admittedAt);
  const lastAdmission = Math.max(...admitted);
  const minutes = [];
  for (let m = 0; onSaleAt + (m + 1) * 60_000 <= lastAdmission; m++) {
    minutes.push(admitted.filter((t) => t >= onSaleAt + m * 60_000 && t < onSaleAt + (m + 1) * 60_000).length);
  }
  // Fairness: the pre-queue (joined before onSaleAt) against arrival; later joiners after them.
  const pre = state.map((s, i) => ({ ...s, i })).filter((s) => s.first === 'prequeue' && s.position !== undefined);
  const later = state.map((s, i) => ({ ...s, i })).filter((s) => s.first === 'waiting');
  const byPosition = [...pre].sort((a, b) => a.position - b.position);
  const positionRank = new Map(byPosition.map((s, rank) => [s.i, rank]));
  const table = Array.from({ length: 10 }, () => Array(10).fill(0));
  pre.forEach((s, arrivalRank) => {
    table[decileOf(arrivalRank, pre.length)][decileOf(positionRank.get(s.i), pre.length)]++;
  });
  const chi = pre.length >= 100 ? chiSquare(table) : null;
  const maxPre = Math.max(...pre.map((s) => s.position));
  const laterBefore = later.filter((s) => s.position <= maxPre).length;
  // Strictly after in arrival order: whoever's join was answered before another's was sent holds the earlier place.
  const byReceived = [...later].sort((a, b) => a.receivedAt - b.receivedAt);
  let inversions = 0;
  let k = 0;
  let maxEarlier = -Infinity;
  for (const s of [...later].sort((a, b) => a.sentAt - b.sentAt)) {
    while (k < byReceived.length && byReceived[k].receivedAt < s.sentAt)
      maxEarlier = Math.max(maxEarlier, byReceived[k++].position);
    if (s.position < maxEarlier) inversions++;
  }
  // The sale, from orders' own store: every order of the event and the pass it used.
  const eventOrders = await ordersDb.collection('orders').find({ 'event.id': eventId }).toArray();
  const withoutPass = eventOrders.filter((o) => !o.passUse).length;
  const completed = eventOrders.filter((o) => o.status === 'completed');
  const perTicket = countBy(completed.map((o) => o.ticket.id));
  const soldTwice = Object.values(perTicket).filter((n) => n > 1).length;
  const closedReasons = countBy(state.filter((s) => s.closed).map((s) => s.closed));
  const refusedForLoad = passOrders.filter((o) => o.status === 0 || o.status === 429 || o.status >= 500).length;
  const refusedAsNoPass = passOrders.filter((o) => o.status === 403).length;

  return {
    eventId,
    onSaleAt,
    reconnects: state.reduce((n, s) => n + (s.reconnects ?? 0), 0),
    joins: { ...join, statuses: countBy(joins.map((s) => s.joinStatus)) },
    joinBefore,
    joinAfter,
    serverJoins,
    redisStalls,
    joinCpu,
    clientLoopMs,
    admitted: admitted.length,
    minutes,
    pre: pre.length,
    later: later.length,
    chi,
    laterBefore,
    inversions,
    orders: eventOrders.length,
    withoutPass,
    completed: completed.length,
    distinctSold: Object.keys(perTicket).length,
    soldTwice,
    closedReasons,
    closeLagMs: soldOutAt && closedAt ? closedAt - soldOutAt : null,
    passOrders: { ...latencySummary(passOrders.map((o) => o.ms)), statuses: countBy(passOrders.map((o) => o.status)) },
    refusedForLoad,
    refusedAsNoPass,
    intruders: countBy(intruders),
    winners: arrivalDeciles(sold.map((s) => s.buyer)),
    peakRedis,
  };
}

/** Phase 2: the same buyers straight at orders, without a room. */
async function withoutTheRoom(sys, bus, ordersDb, buyers) {
  const onSaleAt = Date.now() + LEAD_MS;
  const { eventId, ticketIds } = await eventWithTickets(sys, bus, ordersDb, {
    onSaleAt,
    waitingRoom: false,
    title: 'On-sale bench, without the room',
  });
  const firstArrival = onSaleAt - WINDOW_MS / 2;
  console.log(`no room: event ${eventId}, on sale in ${((onSaleAt - Date.now()) / 1000).toFixed(0)} s`);
  const threads = await runBuyers('bare', buyers, {
    ticketIds,
    onSaleAt,
    firstArrival,
    windowMs: WINDOW_MS,
    hardLimitAt: onSaleAt + 120_000,
    ordersUrls: sys.orders.map((o) => o.url),
  });
  const results = threads.flatMap((t) => t.results);
  const winners = threads.flatMap((t) => t.winners);
  const eventOrders = await ordersDb.collection('orders').countDocuments({ 'event.id': eventId });
  return {
    eventId,
    orders: { ...latencySummary(results.map((r) => r.ms)), statuses: countBy(results.map((r) => r.status)) },
    stored: eventOrders,
    winners: arrivalDeciles(winners),
  };
}

function report(room, bare) {
  const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  console.log(`\n## The on-sale: ${BUYERS} buyers, ${TICKETS} tickets, admitPerMinute ${RATE}\n`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} (${os.cpus().length} cores)`,
  );
  console.log(
    `join: ${room.joins.count} joins, p50 ${ms(room.joins.p50)} ms, p99 ${ms(room.joins.p99)} ms, max ${ms(room.joins.max)} ms, statuses ${JSON.stringify(room.joins.statuses)}`,
  );
  console.log(
    `join before the on-sale: p50 ${ms(room.joinBefore.p50)} ms, p99 ${ms(room.joinBefore.p99)} ms (${room.joinBefore.count}); after it: p50 ${ms(room.joinAfter.p50)} ms, p99 ${ms(room.joinAfter.p99)} ms (${room.joinAfter.count}); the buyers' threads' event-loop delay meanwhile (the worst thread): p99 ${ms(room.clientLoopMs.p99)} ms, max ${ms(room.clientLoopMs.max)} ms`,
  );
  if (room.joinCpu) {
    const pct = (x) => `${(100 * x).toFixed(1)} %`;
    console.log(
      `the machine while the buyers joined: ${pct(room.joinCpu.busy)} of its CPU busy, ${pct(room.joinCpu.steal)} stolen by its host`,
    );
  }
  const all = room.serverJoins['+Inf'];
  console.log(
    `joins as the queue replicas timed them (${all}): ${JOIN_BOUNDS.filter((le) => le !== '+Inf')
      .map((le) => `${((100 * room.serverJoins[le]) / all).toFixed(1)} % within ${Number(le) * 1000} ms`)
      .join(', ')}`,
  );
  console.log(
    `admitted: ${room.admitted} in all; per whole minute from the on-sale: ${room.minutes.join(', ') || '(none complete)'} (rate ${RATE}; within 5 %: ${room.minutes.length > 0 && room.minutes.every((n) => Math.abs(n - RATE) <= RATE * 0.05)})`,
  );
  console.log(
    `pre-queue: ${room.pre} buyers; chi-square of arrival deciles × position deciles: ${room.chi ? `${room.chi.statistic.toFixed(1)} on ${room.chi.df} df, p = ${room.chi.p.toFixed(3)}` : 'too few'}`,
  );
  console.log(
    `later joiners: ${room.later}; placed at or before the last pre-queue place: ${room.laterBefore}; placed before someone whose join was answered before theirs was sent: ${room.inversions}`,
  );
  console.log(
    `orders of the event: ${room.orders}; without a pass: ${room.withoutPass}; completed: ${room.completed} for ${room.distinctSold} distinct tickets of ${TICKETS}; any sold twice: ${room.soldTwice}`,
  );
  console.log(
    `room closed for the waiting: ${JSON.stringify(room.closedReasons)}; first "closed" seen ${room.closeLagMs ?? '–'} ms after the last payment`,
  );
  console.log(
    `pass holders' orders: p50 ${ms(room.passOrders.p50)} ms, p99 ${ms(room.passOrders.p99)} ms, statuses ${JSON.stringify(room.passOrders.statuses)}; refused for load (0, 429, 5xx): ${room.refusedForLoad}; 403: ${room.refusedAsNoPass}`,
  );
  console.log(`orders without a valid pass (none, forged, someone else's): ${JSON.stringify(room.intruders)}`);
  console.log(`live streams opened again after a drop or a refusal: ${room.reconnects}`);
  console.log(`Redis stalls of 20 ms or more (LATENCY LATEST): ${room.redisStalls.join(', ') || 'none'}`);
  console.log(`Redis used_memory at its peak: ${(room.peakRedis / 1024 / 1024).toFixed(1)} MiB`);
  console.log('\n| | with the room | straight at orders |\n|---|---|---|');
  console.log(
    `| POST /api/orders p50 / p99 ms | ${ms(room.passOrders.p50)} / ${ms(room.passOrders.p99)} | ${ms(bare.orders.p50)} / ${ms(bare.orders.p99)} |`,
  );
  console.log(
    `| order requests, statuses | ${room.passOrders.count}, ${JSON.stringify(room.passOrders.statuses)} | ${bare.orders.count}, ${JSON.stringify(bare.orders.statuses)} |`,
  );
  console.log(`| winners by arrival decile (1st … 10th) | ${room.winners.join(' ')} | ${bare.winners.join(' ')} |`);
}

async function main() {
  const started = Date.now();
  // Built before anything is timed: a cold build of its standard library takes a while.
  const goBuyers = CLIENT === 'go' ? buildGoBuyers() : undefined;
  const engines = await testing.startRunEngines({ prefix: 'bench-on-sale' });
  const mongo = await MongoClient.connect(engines.mongoUri);
  const redis = new Redis(engines.redisUrl, { lazyConnect: false });
  const bus = await testing.connectTestBus(engines.natsUrl);
  let sys;
  try {
    sys = await startSystem(engines);
    console.log(`system up in ${elapsed(started)} s`);
    const buyers = Array.from({ length: BUYERS }, () => {
      const { cookie, user } = testing.sessionCookie(JWT_KEY);
      return { id: user.id, cookie };
    });
    const ordersDb = mongo.db('orders');
    const room = await withTheRoom(sys, bus, ordersDb, redis, buyers, goBuyers);
    console.log(`room phase done at ${elapsed(started)} s`);
    const bare = ROOM_ONLY
      ? { orders: latencySummary([]), winners: [], stored: 0 }
      : await withoutTheRoom(sys, bus, ordersDb, buyers);
    console.log(`done at ${elapsed(started)} s`);
    report(room, bare);
  } finally {
    await sys?.stop();
    await common.drainBus(bus).catch(() => undefined);
    redis.disconnect();
    await mongo.close();
    await engines.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
