// A slice of bench/on-sale.js's buyers, in a worker thread (issue 27): the buyers' work is off the script's main
// thread, and `--clients` can spread it over several threads. Each thread measures the event-loop delay it had while
// its buyers joined, reported beside the latencies: a busy client inflates what it measures. (On 2 cores, more than
// one thread made the services slower, not the client faster: bench/RESULTS.md.)
// workerData: { phase: 'room' | 'bare', buyers: [{ i, id, cookie }] (buyer i of all, every clients-th one), and the
// run's figures (bench/on-sale.js runBuyers). Each buyer's i sets their arrival and their replicas.
const { performance, monitorEventLoopDelay } = require('node:perf_hooks');
const { parentPort, workerData } = require('node:worker_threads');
const common = require('../../common/dist');

const { call, retried, follow, sleep, closeAgents } = require('./buyer-http');
const { runGoBuyers } = require('./go-buyers');

/** Wall-clock milliseconds with sub-millisecond precision, comparable across threads (each has its own `now()`). */
const wallNow = () => performance.timeOrigin + performance.now();

/** The loop delay of this thread between `from` and `to` (epoch ms), in ms. */
function loopDelayBetween(from, to) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  sleep(from - Date.now()).then(() => histogram.enable());
  sleep(to - Date.now()).then(() => histogram.disable());
  return () => ({
    p50: histogram.percentile(50) / 1e6,
    p99: histogram.percentile(99) / 1e6,
    max: histogram.max / 1e6,
  });
}

/**
 * Before the measured joins, other buyers join another room (`d.warmUp`: its event, their sessions) at the same pace
 * and follow it for a few seconds, then leave: the services' code is compiled and the keep-alive connections are
 * open, as in a deployment that has been serving for a while. Unmeasured; without it the first two seconds of a run
 * measured V8 compiling the join path in fresh processes (bench/RESULTS.md).
 */
async function warmUp(d) {
  const { eventId, buyers, startAt, followMs } = d.warmUp;
  const paceMs = d.windowMs / d.total;
  const joined = await Promise.all(
    buyers.map(async (b, k) => {
      await sleep(startAt + k * paceMs - Date.now());
      const url = `${d.queueUrls[k % d.queueUrls.length]}/api/queue/${eventId}`;
      const joined = await call(url, { method: 'POST', cookie: b.cookie, body: {} });
      if (joined.status !== 200) throw new Error(`warm-up join: ${joined.status} ${JSON.stringify(joined.body)}`);
      await follow(`${url}/stream`, b.cookie, () => false, startAt + buyers.length * paceMs + followMs - Date.now());
      return joined.ms;
    }),
  );
  return joined.length;
}

/** Phase 1: these buyers join the room, follow it, buy when admitted (some), and a few try to buy without a pass. */
async function room(d) {
  const { buyers, eventId, ticketIds, onSaleAt, firstArrival, windowMs, total } = d;
  const queueUrl = (i) => `${d.queueUrls[i % d.queueUrls.length]}/api/queue/${eventId}`;
  const ordersUrl = (i) => `${d.ordersUrls[i % d.ordersUrls.length]}/api/orders`;
  const taken = new Set();
  const state = buyers.map(() => ({}));
  const sold = [];
  const passOrders = [];
  const intruders = [];
  let closedAt = null;
  const loopDelay = loopDelayBetween(firstArrival, firstArrival + windowMs);

  /** A deterministic coin for buyer i: whether an admitted buyer buys (so a rerun buys with the same buyers). */
  const buys = (i) => {
    const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
    return x - Math.floor(x) < d.buyShare;
  };

  async function buy(k, pass) {
    const { i } = buyers[k];
    const s = state[k];
    for (let attempt = 0; attempt < 5; attempt++) {
      const free = ticketIds.filter((t) => !taken.has(t));
      if (free.length === 0) return;
      const ticketId = free[Math.floor(Math.random() * free.length)];
      const res = await retried(() =>
        call(ordersUrl(i), {
          method: 'POST',
          cookie: buyers[k].cookie,
          // A retry after a lost answer gets the order its first attempt placed, never a second one.
          headers: { 'queue-pass': pass, 'idempotency-key': `${buyers[k].id}-${ticketId}` },
          body: { ticketId },
        }),
      );
      passOrders.push({ status: res.status, ms: res.ms });
      if (res.status !== 201) {
        if (res.status === 409) taken.add(ticketId);
        else return;
        continue;
      }
      taken.add(ticketId);
      s.orderId = res.body.id;
      for (let tries = 0; tries < 40; tries++) {
        const paid = await retried(() =>
          call(`${d.paymentsUrl}/api/payments`, {
            method: 'POST',
            cookie: buyers[k].cookie,
            body: { orderId: s.orderId, paymentMethod: 'pm_card_visa' },
          }),
        );
        if (paid.status === 201) {
          sold.push({ buyer: i, ticketId, at: Date.now() });
          return;
        }
        // 404 until payments has the order from OrderCreated.
        if (paid.status !== 404) {
          s.payFailed = paid.status;
          return;
        }
        await sleep(250);
      }
      return;
    }
  }

  /** What buyer k's join answered: when it was sent and answered (wall clock), its latency, status and body. */
  function joined(k, { sentAt, receivedAt, ms, status, body }) {
    const s = state[k];
    Object.assign(s, { sentAt, receivedAt, joinMs: ms, joinStatus: status });
    if (status !== 200) return;
    s.first = body.status;
    if (body.position !== undefined) s.position = body.position;
  }

  /**
   * A status event on buyer k's stream: an admitted buyer buys (some of them), a closed room is noted. True when the
   * buyer stops following.
   */
  function onStatus(k, status, purchases) {
    const { i } = buyers[k];
    const s = state[k];
    if (status.position !== undefined) s.position = status.position;
    if (status.status === 'admitted') {
      s.admittedAt = Date.parse(status.passExpiresAt) - d.passMinutes * 60_000;
      s.pass = status.pass;
      // Past the measured minutes every admitted buyer buys: the event then sells out, and the run ends.
      if (buys(i) || Date.now() >= onSaleAt + d.admissionMinutes * 60_000) purchases.push(buy(k, status.pass));
      return true;
    }
    if (status.status === 'closed') {
      s.closed = status.reason;
      closedAt ??= Date.now();
      return true;
    }
    return false;
  }

  /** Buyer k in Node: joins at their arrival, then follows the stream until admitted or closed. */
  async function buyer(k) {
    const { i } = buyers[k];
    const s = state[k];
    await sleep(firstArrival + (i * windowMs) / total - Date.now());
    const sentAt = wallNow();
    const res = await retried(() => call(queueUrl(i), { method: 'POST', cookie: buyers[k].cookie, body: {} }));
    joined(k, { sentAt, receivedAt: wallNow(), ms: res.ms, status: res.status, body: res.body });
    if (res.status !== 200) return;
    const purchases = [];
    const onEvent = (name, status) => name === 'status' && onStatus(k, status, purchases);
    // A stream that drops (a replica shedding load) is opened again, as the page's EventSource does.
    while (s.admittedAt === undefined && s.closed === undefined && Date.now() < d.hardLimitAt) {
      const followed = await follow(`${queueUrl(i)}/stream`, buyers[k].cookie, onEvent);
      if (followed.status !== 200 || followed.ended) {
        s.reconnects = (s.reconnects ?? 0) + 1;
        await sleep(1_000);
      }
    }
    await Promise.all(purchases);
  }

  /**
   * Every buyer (and the warm-up) in bench/buyers, the Go program, which reports each join and each status that
   * changed; the purchases stay here. Resolves with the warm-up's count once every buyer is done.
   */
  async function goBuyers() {
    const purchases = [];
    let warmedUp = 0;
    const plan = {
      eventId,
      queueUrls: d.queueUrls,
      firstArrival,
      windowMs,
      total,
      hardLimitAt: d.hardLimitAt,
      buyers: buyers.map((b, k) => ({ k, i: b.i, cookie: b.cookie })),
      warmUp: { ...d.warmUp, buyers: undefined, cookies: d.warmUp.buyers.map((b) => b.cookie) },
    };
    await runGoBuyers(d.goBuyers, plan, (report) => {
      if (report.t === 'join') joined(report.k, report);
      else if (report.t === 'status') onStatus(report.k, report.data, purchases);
      else if (report.t === 'end' && report.reconnects > 0) state[report.k].reconnects = report.reconnects;
      else if (report.t === 'warm') warmedUp = report.n;
    });
    await Promise.all(purchases);
    return warmedUp;
  }

  /** Buyers still waiting try without a pass, with a forged one and with another buyer's: every one must be 403. */
  async function intrude() {
    await sleep(onSaleAt + 15_000 - Date.now());
    const waiting = state.map((s, k) => (s.position !== undefined && !s.pass ? k : -1)).filter((k) => k >= 0);
    const someonesPass = state.find((s) => s.pass)?.pass;
    const forgerKey = 'a-forger-s-key-0123456789abcdefghijklmnopqrstuvwxyz';
    const forged = common.signQueuePass({ eventId, userId: 'x', expiresAt: new Date(Date.now() + 600_000) }, forgerKey);
    for (const k of waiting.slice(-d.intruders)) {
      const forgedForMe = common.signQueuePass(
        { eventId, userId: buyers[k].id, expiresAt: new Date(Date.now() + 600_000) },
        forgerKey,
      );
      for (const pass of [undefined, forged, forgedForMe, someonesPass]) {
        const res = await call(ordersUrl(buyers[k].i), {
          method: 'POST',
          cookie: buyers[k].cookie,
          headers: pass ? { 'queue-pass': pass } : {},
          body: { ticketId: ticketIds[Math.floor(Math.random() * ticketIds.length)] },
        });
        intruders.push(res.status);
      }
    }
  }

  const hardLimit = sleep(d.hardLimitAt - Date.now()).then(() => 'hard limit');
  const inGo = d.goBuyers !== undefined;
  const warmed = inGo ? undefined : warmUp(d);
  const everyone = inGo ? [goBuyers()] : buyers.map((_, k) => buyer(k));
  const outcome = await Promise.race([Promise.all([...everyone, intrude()]), hardLimit]);
  const warmedUp = inGo ? await everyone[0] : await warmed;
  // A pass is not sent back: the main thread needs only whether there was one.
  const states = state.map(({ pass, ...s }, k) => ({ ...s, i: buyers[k].i, hadPass: pass !== undefined }));
  return {
    partial: outcome === 'hard limit',
    warmedUp,
    states,
    sold,
    passOrders,
    intruders,
    closedAt,
    loopDelay: loopDelay(),
  };
}

/** Phase 2: the same buyers, straight at orders from onSaleAt on, trying up to 3 tickets. */
async function bare(d) {
  const { buyers, ticketIds, onSaleAt, firstArrival, windowMs, total } = d;
  const ordersUrl = (i) => `${d.ordersUrls[i % d.ordersUrls.length]}/api/orders`;
  const taken = new Set();
  const results = [];
  const winners = [];
  async function buyer(k) {
    const { i } = buyers[k];
    await sleep(firstArrival + (i * windowMs) / total - Date.now());
    // Early arrivals wait for the on-sale (a page's countdown, a bot's timer), then everyone fires.
    await sleep(onSaleAt + 5 - Date.now());
    for (let attempt = 0; attempt < 3; attempt++) {
      const free = ticketIds.filter((t) => !taken.has(t));
      if (free.length === 0) return;
      const ticketId = free[Math.floor(Math.random() * free.length)];
      const res = await call(ordersUrl(i), { method: 'POST', cookie: buyers[k].cookie, body: { ticketId } });
      results.push({ status: res.status, ms: res.ms });
      if (res.status === 201) {
        taken.add(ticketId);
        winners.push(i);
        return;
      }
      if (res.status === 409) taken.add(ticketId);
      else return;
    }
  }
  await Promise.race([Promise.all(buyers.map((_, k) => buyer(k))), sleep(d.hardLimitAt - Date.now())]);
  return { results, winners };
}

(workerData.phase === 'room' ? room(workerData) : bare(workerData)).then(
  (result) => {
    parentPort.postMessage(result);
    void closeAgents();
  },
  (error) => {
    throw error;
  },
);
