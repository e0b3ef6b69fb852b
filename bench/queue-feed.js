// bench/queue-feed.js (issue 27): the cost of one tick of the queue's live feed (queue/src/rooms/status-feed.ts
// refresh()) with many buyers followed in one room, before and after it derived statuses from one room read.
//   node bench/queue-feed.js [--buyers 5000] [--ticks 10] [--admit 5]
// One Redis (started here), one room already on sale, `--buyers` buyers joined and followed. Each tick first admits
// about `--admit` buyers (an admission step with that much credit at 1 a ms), then refreshes, as the admission tick
// does; then as many ticks with nothing moved. "Before" is the refresh as it was (one status script per followed
// buyer, 200 at a time, then the JSON and the pass of each), kept here as a function over the same built modules;
// "after" is the feed's refresh. Measured: ms per refresh and Redis script calls per refresh. No stream is open, so
// the cost of writing to streams is not in these figures. Needs a build (npx tsc -b).
const { performance } = require('node:perf_hooks');
const { EventEmitter } = require('node:events');
const { startTestRedis, connectTestRedis } = require('../testing/dist');
const rooms = require('../queue/dist/rooms/rooms');
const { statusJson } = require('../queue/dist/rooms/queue-status');
const { createStatusFeed } = require('../queue/dist/rooms/status-feed');
const { findQueueStatus } = require('../queue/dist/routes/show-queue-status');
const { numberArg: arg } = require('./lib/args');

const BUYERS = arg('buyers', 5_000);
const TICKS = arg('ticks', 10);
const ADMIT = arg('admit', 5);
const PASS_KEY = 'bench-pass-key';
const PASS_MS = 600_000;

/** The refresh before this change: every followed buyer's status read, built and compared at every tick. */
function perBuyerFeed(redis, watchers) {
  const followed = watchers.map((w) => ({ watcher: w.watcher, last: w.last }));
  const withoutPass = ({ pass: _pass, ...rest }) => JSON.stringify(rest);
  return async () => {
    let sent = 0;
    for (let i = 0; i < followed.length; i += 200) {
      await Promise.all(
        followed.slice(i, i + 200).map(async (entry) => {
          const read = await rooms.roomStatus(redis, entry.watcher.eventId, entry.watcher.userId);
          const status =
            read.outcome === 'status'
              ? statusJson(read.place, read.room, { ...entry.watcher, passKey: PASS_KEY })
              : undefined;
          if (!status) return;
          const now = withoutPass(status);
          if (now === entry.last) return;
          entry.last = now;
          sent++;
        }),
      );
    }
    return sent;
  };
}

async function main() {
  const redisEngine = await startTestRedis();
  const redis = connectTestRedis(redisEngine.url);
  try {
    const now = Date.now();
    const event = {
      id: '65a000000000000000000001',
      version: 0,
      title: 'Bench Night',
      startsAt: new Date(now + 24 * 3600_000).toISOString(),
      onSaleAt: new Date(now - 1_000).toISOString(),
      waitingRoom: true,
      admitPerMinute: 60_000,
      queueMinutes: 60,
    };
    await rooms.defineRoom(redis, event, 30);
    const userIds = Array.from({ length: BUYERS }, (_, i) => `buyer-${i}`);
    for (let i = 0; i < userIds.length; i += 500)
      await Promise.all(userIds.slice(i, i + 500).map((userId) => rooms.joinRoom(redis, event.id, userId)));
    const watchers = [];
    for (let i = 0; i < userIds.length; i += 500) {
      const statuses = await Promise.all(
        userIds.slice(i, i + 500).map((userId) => findQueueStatus(redis, PASS_KEY, event.id, userId)),
      );
      statuses.forEach((status, j) =>
        watchers.push({ watcher: { eventId: event.id, userId: userIds[i + j] }, status }),
      );
    }

    const feed = createStatusFeed({ redis, passKey: PASS_KEY, maxStreams: BUYERS });
    for (const { watcher, status } of watchers) feed.watch(watcher, status, new EventEmitter());
    const before = perBuyerFeed(
      redis,
      watchers.map(({ watcher, status }) => {
        const { pass: _pass, ...rest } = status;
        return { watcher, last: JSON.stringify(rest) };
      }),
    );

    let scripts = 0;
    const evalsha = redis.evalsha.bind(redis);
    redis.evalsha = (...args) => {
      scripts++;
      return evalsha(...args);
    };

    const run = async (refresh, admit) => {
      let ms = 0;
      let calls = 0;
      for (let t = 0; t < TICKS; t++) {
        if (admit) {
          await new Promise((resolve) => setTimeout(resolve, ADMIT));
          await rooms.admitStep(redis, event.id, PASS_MS, ADMIT);
        }
        const s0 = scripts;
        const t0 = performance.now();
        await refresh();
        ms += performance.now() - t0;
        calls += scripts - s0;
      }
      return { ms: ms / TICKS, calls: calls / TICKS };
    };

    // Both catch up with the statuses as they are now, then alternate, the same ticks for each.
    await before();
    await feed.refresh();
    const rows = [];
    for (const [label, admit] of [
      ['admitting between ticks', true],
      ['nothing moved', false],
    ]) {
      const old = await run(before, admit);
      const now = await run(() => feed.refresh(), admit);
      rows.push({ label, old, now });
    }
    console.log(
      `queue feed refresh, ${BUYERS} buyers followed in one room, ${TICKS} ticks each, ~${ADMIT} admitted a tick`,
    );
    console.log(
      '| ticks | before: ms / refresh | before: scripts / refresh | after: ms / refresh | after: scripts / refresh |',
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const { label, old, now } of rows)
      console.log(
        `| ${label} | ${old.ms.toFixed(1)} | ${old.calls.toFixed(0)} | ${now.ms.toFixed(2)} | ${now.calls.toFixed(1)} |`,
      );
  } finally {
    await redis.quit();
    await redisEngine.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
