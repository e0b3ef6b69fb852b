// bench/events-catalogue.js (issue 24, DESIGN §12 "Scale"): with EVENTS events and LISTINGS listings stored (default
// 10,000 and 100,000, seeded straight into tickets' database as the service would have stored them), the two
// catalogue reads at CONCURRENCY clients, ours (the tickets service) against a bare Express + mongoose app with the
// same filter and sort on the same engine and the same database (bare-events-server.js), alternating, in one run:
//   1. GET /api/events?q=<two word prefixes>  (search over searchWords, by startsAt)
//   2. GET /api/events/:id/tickets             (an event's listings on sale, cheapest first)
// Target (DESIGN §12): ours >= 0.5x the bare app's throughput.
//   node bench/events-catalogue.js [--events 10000] [--listings 100000] [--seconds 10] [--rounds 2] [--concurrency 50]
// Needs a build (npx tsc -b). Starts its own engines and both servers, and stops them at the end.
const { join, resolve } = require('node:path');
const { MongoClient } = require('mongodb');
const common = require('../common/dist');
const testing = require('../testing/dist');
const words = require('../tickets/dist/models/event-words');
const { request, runLoad, formatRow, TABLE_HEADER } = require('./lib/load');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const EVENTS = Number(arg('events', 10_000));
const LISTINGS = Number(arg('listings', 100_000));
const SECONDS = Number(arg('seconds', 10));
const ROUNDS = Number(arg('rounds', 2));
const CONCURRENCY = Number(arg('concurrency', 50));
const root = resolve(__dirname, '..');
const BATCH = 5_000;

const KINDS = ['Rock', 'Jazz', 'Opera', 'Derby', 'Final', 'Comedy', 'Festival', 'Ballet', 'Blues', 'Techno'];
const NOUNS = ['Night', 'Live', 'Gala', 'Tour', 'Classic', 'Session', 'Open', 'Cup', 'Show', 'Weekend'];
const VENUES = ['Arena', 'Stadium', 'Olympiahalle', 'Philharmonie', 'Velódromo', 'Palais', 'Forum', 'Dome', 'Hall'];
const CITIES = ['Berlin', 'München', 'Paris', 'Lyon', 'Madrid', 'Sevilla', 'Roma', 'Milano', 'Wien', 'Zürich'];
const CATEGORIES = ['concert', 'sports', 'theatre', 'comedy', 'festival', 'other'];
const pick = (list, i) => list[i % list.length];

async function insertAll(collection, count, make) {
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => make(start + i));
    await collection.insertMany(batch, { ordered: false });
  }
}

/** EVENTS events over the coming year, LISTINGS listings spread over them (one per event reserved). */
async function seed(db) {
  const now = Date.now();
  const perEvent = Math.ceil(LISTINGS / EVENTS);
  const events = Array.from({ length: EVENTS }, (_, i) => {
    const title = `${pick(KINDS, i)} ${pick(NOUNS, Math.floor(i / 7))} ${i}`;
    const venue = pick(VENUES, Math.floor(i / 3));
    const city = pick(CITIES, Math.floor(i / 11));
    const startsAt = new Date(now + 86_400_000 + ((i * 7919) % 365) * 86_400_000 + (i % 24) * 3_600_000);
    return { _id: common.newObjectId(), title, venue, city, startsAt };
  });
  await insertAll(db.collection('tickets'), LISTINGS, (i) => {
    const event = events[i % EVENTS];
    // The first listing of each event is held by an order (reserved), so the route's filter has one to leave out.
    const held = i < EVENTS;
    return {
      _id: common.newObjectId(),
      version: held ? 1 : 0,
      title: `Section ${i % 40}, Row ${i % 26}`,
      price: 20 + ((i * 37) % 200),
      userId: common.newObjectId(),
      ...(held && { orderId: common.newObjectId() }),
      event: {
        id: event._id,
        title: event.title,
        venue: event.venue,
        city: event.city,
        startsAt: event.startsAt,
        status: 'scheduled',
        waitingRoom: false,
      },
      outbox: [],
    };
  });
  await insertAll(db.collection('events'), EVENTS, (i) => {
    const e = events[i];
    return {
      ...e,
      version: 0,
      outbox: [],
      cityKey: words.cityKeyOf(e.city),
      category: pick(CATEGORIES, i),
      createdBy: common.newObjectId(),
      status: 'scheduled',
      waitingRoom: false,
      searchWords: words.searchWordsOf(e),
      key: words.eventKeyOf(e),
      // The summary as the relay would have left it; the routes measured read only its figures.
      listings: {},
      ticketsAvailable: perEvent - 1,
      lowestPrice: 20,
      summaryVersion: perEvent,
    };
  });
  return events;
}

/** Queries of two word prefixes that match some events ("rock berl", "jazz mun"…). */
const QUERIES = KINDS.flatMap((kind) => CITIES.map((city) => `${kind.slice(0, 4)} ${city.slice(0, 3)}`));

async function main() {
  const engines = await testing.startRunEngines({ prefix: 'bench-events' });
  const stops = [() => engines.stop()];
  try {
    const client = await MongoClient.connect(engines.mongoUri);
    stops.unshift(() => client.close());
    const started = Date.now();
    const events = await seed(client.db('tickets'));
    console.log(`seeded ${EVENTS} events and ${LISTINGS} listings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const start = async (name, entry, env = {}) => {
      const service = await testing.startServiceProcess({
        name,
        entry,
        env: {
          MONGO_URI: `${engines.mongoUri}/tickets`,
          NATS_URL: engines.natsUrl,
          REDIS_URL: engines.redisUrl,
          JWT_KEY: testing.TEST_JWT_KEY,
          LOG_LEVEL: 'warn',
          ...env,
        },
        readyTimeoutMs: 120_000,
      });
      stops.unshift(() => service.stop());
      return service;
    };
    const ours = await start('tickets', join(root, 'tickets/dist/index.js'));
    const bare = await start('bare-events', join(__dirname, 'bare-events-server.js'));

    const search = (server) => (i) =>
      request(`${server.url}/api/events?q=${encodeURIComponent(pick(QUERIES, i * 13))}`).then((r) => r.status);
    const listings = (server) => (i) =>
      request(`${server.url}/api/events/${events[(i * 7919) % EVENTS]._id}/tickets`).then((r) => r.status);
    // Same answers first: the bare app is a fair baseline only if it finds what ours finds.
    for (const [what, path] of [
      ['search', `/api/events?q=${encodeURIComponent(QUERIES[0])}`],
      ['listings', `/api/events/${events[0]._id}/tickets`],
    ]) {
      const [a, b] = await Promise.all([request(`${ours.url}${path}`), request(`${bare.url}${path}`)]);
      const ids = (body) => (JSON.parse(body).events ?? JSON.parse(body).tickets).map((x) => x.id ?? x._id);
      if (JSON.stringify(ids(a.body)) !== JSON.stringify(ids(b.body)))
        throw new Error(`${what}: ours and bare disagree: ${a.body.slice(0, 300)} vs ${b.body.slice(0, 300)}`);
      console.log(`${what}: ours and bare answer the same ${ids(a.body).length} items`);
    }
    // Warm-up (not counted); also lets ours finish its relay's first sweep, which reads the collections once.
    for (const send of [search(ours), search(bare), listings(ours), listings(bare)])
      await runLoad({ concurrency: 10, total: 100, send });

    const totals = {};
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [what, make] of [
        ['GET /api/events?q=', search],
        ['GET /api/events/:id/tickets', listings],
      ]) {
        // Who goes first alternates by round, so that neither always runs on a machine the other just warmed.
        const pair = [
          ['ours', ours],
          ['bare', bare],
        ];
        for (const [who, server] of round % 2 === 1 ? pair : pair.reverse()) {
          const r = await runLoad({ concurrency: CONCURRENCY, durationMs: SECONDS * 1000, send: make(server) });
          rows.push(formatRow(`round ${round}: ${what}, ${who}, ${CONCURRENCY} clients`, r));
          const key = `${what}|${who}`;
          totals[key] = totals[key] ?? { requests: 0, seconds: 0 };
          totals[key].requests += r.requests;
          totals[key].seconds += r.seconds;
        }
      }
    }
    console.log(
      `\n## Events catalogue: ${EVENTS.toLocaleString('en')} events, ${LISTINGS.toLocaleString('en')} listings\n`,
    );
    console.log(TABLE_HEADER);
    for (const row of rows) console.log(row);
    console.log('');
    for (const what of ['GET /api/events?q=', 'GET /api/events/:id/tickets']) {
      const rate = (who) => totals[`${what}|${who}`].requests / totals[`${what}|${who}`].seconds;
      console.log(
        `${what}: ours ${rate('ours').toFixed(1)} req/s, bare ${rate('bare').toFixed(1)} req/s: ratio ${(rate('ours') / rate('bare')).toFixed(2)} (target >= 0.5)`,
      );
    }
  } finally {
    for (const stop of stops) await stop().catch((e) => console.error('stop failed:', e));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
