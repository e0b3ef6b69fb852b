import path from 'node:path';
import { drainBus, EventCreated, type Bus } from '@ticketing/common';
import {
  connectTestBus,
  connectTestRedis,
  eventually,
  publishEvent,
  sampleSum,
  startServiceProcess,
  startTestNats,
  startTestRedis,
  TEST_JWT_KEY,
  type ServiceProcess,
  type TestEngine,
} from '@ticketing/testing';
import type { Redis } from 'ioredis';
import { TEST_QUEUE_PASS_KEY } from '../support/harness';
import { buyer, queueCall, roomEventData } from '../support/queue-fixtures';
import { roomCounters, storedPlaces } from '../support/room-reader';

// Two replicas as they run in production (`node dist/index.js`; build first: `npx tsc -b queue`), ticking every
// 50 ms on one Redis, so that one can be SIGKILLed in the middle of the admissions.
const entry = path.resolve(__dirname, '../../dist/index.js');
const TICK_MS = 50;
const RATE = 1_200; // a minute's worth in 60 s: one admission every 50 ms
const SLOT_MS = 60_000 / RATE;
const MAX_CREDIT_MS = 2 * TICK_MS; // admission.ts: a step catches up at most two ticks
const BUYERS = 80;
const PASS_MS = 60_000;

let nats: TestEngine;
let redis: TestEngine;
let client: Redis;
let bus: Bus;
let replicas: ServiceProcess[] = [];

beforeAll(async () => {
  [nats, redis] = await Promise.all([startTestNats(), startTestRedis()]);
  const env = {
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    JWT_KEY: TEST_JWT_KEY,
    QUEUE_PASS_KEY: TEST_QUEUE_PASS_KEY,
    QUEUE_TICK_MS: String(TICK_MS),
    PASS_MINUTES: String(PASS_MS / 60_000),
  };
  replicas = await Promise.all(['queue-1', 'queue-2'].map((name) => startServiceProcess({ name, entry, env })));
  client = connectTestRedis(redis.url);
  bus = await connectTestBus(nats.url);
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await client?.quit();
  if (bus) await drainBus(bus);
  await nats?.stop();
  await redis?.stop();
});

describe('admission across replicas', () => {
  test('When two replicas admit and one is SIGKILLed half-way, then the rate is never exceeded and every buyer is admitted exactly once', async () => {
    const event = roomEventData(2_000, { admitPerMinute: RATE });
    await publishEvent(bus, EventCreated, event);
    await eventually(async () => (await roomCounters(client, event.id)).onSaleAt, 'the room made');
    const buyers = Array.from({ length: BUYERS }, () => buyer());
    await Promise.all(
      buyers.map(async (who, i) => {
        const joined = await queueCall(replicas[i % 2]!.url, 'POST', `/api/queue/${event.id}`, who);
        expect(joined.body.status).toBe('prequeue');
      }),
    );
    expect(Date.now()).toBeLessThan(Date.parse(event.onSaleAt!));

    // Half-way through the admissions (80 at 20 a second: 4 s), a replica dies between two instructions.
    const admitted = async () => Number((await roomCounters(client, event.id)).admitted ?? 0);
    await eventually(async () => (await admitted()) >= BUYERS / 2, 'half admitted', {
      timeoutMs: 8_000,
      intervalMs: 10,
    });
    // Which replica wins a step depends on the phase of its ticks against the slots, so one may do all of the work:
    // the one that has admitted the most so far is the one killed, and the other must take over from it.
    const admittedBy = async (replica: ServiceProcess) =>
      sampleSum(await (await fetch(`${replica.url}/metrics`)).text(), 'ticketing_queue_admitted_total');
    const counts = await Promise.all(replicas.map(admittedBy));
    const victim = counts[0]! >= counts[1]! ? 0 : 1;
    const survivor = replicas[1 - victim]!;
    await replicas[victim]!.kill();
    replicas = [survivor];
    await eventually(async () => (await admitted()) >= BUYERS, 'all admitted', { timeoutMs: 8_000 });

    // The killed replica was admitting, and the survivor admitted the rest after the kill.
    expect(counts[victim]).toBeGreaterThan(0);
    expect(await admittedBy(survivor)).toBeGreaterThan(counts[1 - victim]!);
    // Everyone admitted once: 80 places, positions 1..80 each once, nobody still waiting, the counter at 80.
    const places = await storedPlaces(client, event.id);
    expect(places).toHaveLength(BUYERS);
    expect(places.every((p) => p.state === 'admitted')).toBe(true);
    expect(places.map((p) => p.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: BUYERS }, (_, i) => i + 1),
    );
    expect(await admitted()).toBe(BUYERS);
    // Never above the rate: the i-th to the j-th admission took at least (j − i + 1) slots minus the credit a step may
    // catch up (rooms.ts, admitScript), on Redis's clock (admission = pass expiry − pass duration, whole ms).
    const times = places.map((p) => p.passExpiresAt! - PASS_MS).sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++)
      for (let j = i; j < times.length; j++)
        expect((j - i + 1) * SLOT_MS).toBeLessThanOrEqual(times[j]! - times[i]! + MAX_CREDIT_MS + 1);
    // And the rate held through the kill: 80 admissions took about 80 slots, not seconds more.
    expect(times[times.length - 1]! - times[0]!).toBeLessThan(BUYERS * SLOT_MS + 1_000);
  });
});
