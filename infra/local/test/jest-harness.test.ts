import { existsSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { natsInfo, redisCommand } from './helpers';

// This workspace runs under the same jest preset as the services, so the harness built here started the engines.
describe('jest global setup', () => {
  test('When a test file runs, then it inherits reachable TEST_MONGO_URI, NATS_URL, REDIS_URL and TEST_ENGINES_DIR', async () => {
    const { TEST_MONGO_URI, NATS_URL, REDIS_URL, TEST_ENGINES_DIR } = process.env;
    const client = new MongoClient(TEST_MONGO_URI ?? '', { serverSelectionTimeoutMS: 5_000 });

    const answers = await Promise.all([
      client
        .db('harness')
        .command({ ping: 1 })
        .finally(() => client.close()),
      natsInfo(NATS_URL ?? ''),
      redisCommand(REDIS_URL ?? '', 'PING'),
    ]);

    expect(answers).toEqual([
      expect.objectContaining({ ok: 1 }),
      expect.objectContaining({ jetstream: true }),
      '+PONG\r\n',
    ]);
    expect(TEST_ENGINES_DIR && existsSync(TEST_ENGINES_DIR)).toBe(true);
  });
});
