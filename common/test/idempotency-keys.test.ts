// DESIGN §16: idempotency keys expire after a day, by a TTL index where the engine has one and by a sweep everywhere.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createLogger, startIdempotencyKeyExpiry } from '../src/service';
import {
  deleteExpiredIdempotencyKeys,
  entityIdFor,
  IDEMPOTENCY_KEY_TTL_INDEX,
  IDEMPOTENCY_KEY_TTL_SECONDS,
  initIdempotencyKeys,
} from '../src/store';
import { eventually, testMongoUri } from '@ticketing/testing';

beforeAll(async () => {
  await mongoose.connect(testMongoUri('idempotency_keys'));
  await initIdempotencyKeys();
});
afterAll(() => mongoose.disconnect());

const keys = () => mongoose.connection.collection<{ _id: string; createdAt: Date }>('idempotency_keys');
const HOUR_MS = 3_600_000;

/** A key used by a request `hoursAgo` hours ago (its stored time moved back: no test waits a day). */
async function keyUsed(
  hoursAgo: number,
): Promise<{ key: string; id: string; request: Parameters<typeof entityIdFor>[1] }> {
  const request = { userId: 'u1', key: randomUUID(), body: { title: 'Rock Concert' } };
  const { id } = await entityIdFor('create-ticket', request);
  await keys().updateOne(
    { _id: `create-ticket:u1:${request.key}` },
    { $set: { createdAt: new Date(Date.now() - hoursAgo * HOUR_MS) } },
  );
  return { key: request.key, id, request };
}

describe('idempotency keys expire', () => {
  test('When the indexes are made, then createdAt has a TTL index of a day', async () => {
    const indexes = await keys().indexes();

    expect(indexes.find((index) => index.name === IDEMPOTENCY_KEY_TTL_INDEX)).toMatchObject({
      key: { createdAt: 1 },
      expireAfterSeconds: IDEMPOTENCY_KEY_TTL_SECONDS,
    });
  });

  test('When the sweep runs, then keys older than a day are deleted and younger ones kept; an expired key makes a new entity', async () => {
    const old = await keyUsed(25);
    const young = await keyUsed(23);

    const deleted = await deleteExpiredIdempotencyKeys();
    const retryOfOld = await entityIdFor('create-ticket', old.request);
    const retryOfYoung = await entityIdFor('create-ticket', young.request);

    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(retryOfOld).toEqual({ id: expect.not.stringMatching(old.id), retry: false });
    expect(retryOfYoung).toEqual({ id: young.id, retry: true });
  });

  test('When a service runs the expiry, then it sweeps at start and every interval', async () => {
    const atStart = await keyUsed(48);
    const expiry = await startIdempotencyKeyExpiry({ intervalMs: 100, log: createLogger('test', 'silent') });
    try {
      await eventually(
        async () => !(await keys().findOne({ _id: `create-ticket:u1:${atStart.key}` })),
        'swept at start',
      );

      const later = await keyUsed(30);

      await eventually(async () => !(await keys().findOne({ _id: `create-ticket:u1:${later.key}` })), 'swept later');
    } finally {
      await expiry.close();
    }
  });
});
