import { eventually, freezeProcess, isStopped, startTestNats, thawProcess, type TestEngine } from '@ticketing/testing';
import { ticketRows, type TicketRow } from '../support/database';
import { api, signIn } from '../support/harness';
import { startTwoServices, type TwoServices } from '../support/two-services';

// Fault (issue 14): the bus freezes while sellers list and edit tickets.
// Injected: the NATS server SIGSTOPped for 60 s (it keeps its sockets open and answers nothing: no PubAck, no
// delivery), while tickets and orders run as child processes. Meanwhile, through tickets' HTTP API, 10 tickets listed
// before the freeze and 15 listed during it are edited 3 times each (rounds at 0, 20 and 40 s).
// Asserted: every write during the freeze is answered 201/200 and stored (its events wait in tickets' outbox); orders
// sees none of it while frozen; within 30 s of SIGCONT, orders' ticket replica holds every ticket at its latest
// version, title, price and seller, and tickets' outbox is empty.

const FREEZE_MS = 60_000;
const ROUNDS = 3;
const BEFORE = 10;
const LISTED_PER_ROUND = 5;
const CONVERGE_MS = 30_000;

let nats: TestEngine;
let frozen = false;
let s: TwoServices;

async function freeze(): Promise<void> {
  frozen = true;
  await freezeProcess(nats.pid);
}

function thaw(): void {
  if (frozen) thawProcess(nats.pid);
  frozen = false;
}

beforeAll(async () => {
  nats = await startTestNats();
  s = await startTwoServices({ natsUrl: nats.url, prefix: 'freeze' });
}, 120_000);

afterAll(async () => {
  thaw(); // a failed test must not leave a stopped server behind (its stop() would wait for the SIGKILL)
  await s?.stop();
  await nats?.stop();
});

/** Each ticket's fields as stored, by id (`outbox` left out: the replica has none). */
function byId(rows: TicketRow[]): Map<string, Omit<TicketRow, 'outbox'>> {
  return new Map(rows.map(({ _id, version, title, price, userId }) => [_id, { _id, version, title, price, userId }]));
}

describe('fault: NATS frozen while tickets are listed and edited', () => {
  test('When NATS is SIGSTOPped for 60 s during listings and edits, then after SIGCONT orders has every ticket at its latest version and price', async () => {
    const { tickets, ticketsDb, ordersDb } = s;
    const seller = signIn();
    const statuses: number[] = [];
    const ids: string[] = [];
    const list = async (n: number) => {
      const res = await api(tickets.url, 'POST', '/api/tickets', {
        cookie: seller.cookie,
        json: { title: `Frozen ${n}`, price: 10 + n },
      });
      statuses.push(res.status);
      if (res.status === 201) ids.push(res.body.id);
    };
    const editAll = async (round: number) => {
      for (const id of ids) {
        const res = await api(tickets.url, 'PUT', `/api/tickets/${id}`, {
          cookie: seller.cookie,
          json: { title: `Edited ${round}`, price: 50 + round * 10 + ids.indexOf(id) },
        });
        statuses.push(res.status);
      }
    };

    for (let n = 0; n < BEFORE; n++) await list(n);
    await eventually(
      async () => (await ordersDb.collection('tickets').countDocuments()) === BEFORE,
      `orders has the ${BEFORE} tickets listed before the freeze`,
      { timeoutMs: 20_000 },
    );

    let thawedAt = 0;
    let frozenAt = 0;
    try {
      await freeze();
      frozenAt = Date.now();
      for (let round = 1; round <= ROUNDS; round++) {
        await eventually(
          () => Date.now() >= frozenAt + ((round - 1) * FREEZE_MS) / ROUNDS,
          `round ${round} of the freeze`,
          {
            timeoutMs: FREEZE_MS,
            intervalMs: 200,
          },
        );
        for (let n = 0; n < LISTED_PER_ROUND; n++) await list(BEFORE + (round - 1) * LISTED_PER_ROUND + n);
        await editAll(round);
      }
      await eventually(() => Date.now() >= frozenAt + FREEZE_MS, 'the end of the freeze', {
        timeoutMs: FREEZE_MS,
        intervalMs: 200,
      });
      // While frozen, orders heard of nothing: neither the new tickets nor the edits of the old ones.
      expect(isStopped(nats.pid)).toBe(true); // nobody continued it meanwhile
      const replicaWhileFrozen = await ticketRows(ordersDb);
      expect(replicaWhileFrozen).toHaveLength(BEFORE);
      expect(replicaWhileFrozen.every((r) => r.version === 0)).toBe(true);
    } finally {
      thaw();
      thawedAt = Date.now();
    }

    const total = BEFORE + ROUNDS * LISTED_PER_ROUND;
    expect(statuses.filter((s) => s !== 201 && s !== 200)).toEqual([]);
    expect(ids).toHaveLength(total);
    const stored = byId(await ticketRows(ticketsDb));
    expect(stored.size).toBe(total);
    // Every ticket was edited in each round after it was listed: the latest version says how many edits it got.
    for (const [n, id] of ids.entries()) {
      const listedInRound = n < BEFORE ? 0 : Math.floor((n - BEFORE) / LISTED_PER_ROUND) + 1;
      expect(stored.get(id)?.version).toBe(ROUNDS - Math.max(listedInRound, 1) + 1);
    }

    await eventually(
      async () => {
        const replica = byId(await ticketRows(ordersDb));
        return ids.every((id) => JSON.stringify(replica.get(id)) === JSON.stringify(stored.get(id)));
      },
      "orders' replica at every ticket's latest version",
      { timeoutMs: CONVERGE_MS, intervalMs: 250 },
    );
    const convergedMs = Date.now() - thawedAt;
    await eventually(
      async () => (await ticketsDb.collection('tickets').countDocuments({ 'outbox.0': { $exists: true } })) === 0,
      "tickets' outbox empty",
      { timeoutMs: CONVERGE_MS },
    );
    expect(byId(await ticketRows(ordersDb))).toEqual(stored);
    const failedPublishes = tickets.output().split('immediate publish failed').length - 1;
    process.stderr.write(
      `nats freeze: frozen ${thawedAt - frozenAt} ms; ${statuses.length} writes answered meanwhile, ` +
        `${failedPublishes} immediate publishes timed out; orders converged on ${total} tickets ${convergedMs} ms ` +
        `after SIGCONT\n`,
    );
  }, 240_000);
});
