import { loadConfig, type Bus, type RunningService } from '@ticketing/common';
import {
  connectTestRedis,
  startTestService,
  type TestEngine,
  type TestRedis,
  type TestService,
} from '@ticketing/testing';
import type { Redis } from 'ioredis';
import { ConfigSchema } from '../../src/config';
import { queueService } from '../../src/service';

/** The pass key of every queue test (at least 32 characters, as config requires); never used outside tests. */
export const TEST_QUEUE_PASS_KEY = 'test-queue-pass-key-0123456789abcdefghijklmnop';

/**
 * The environment of a queue under test: accelerated time (a tick of 50 ms, a pass of 1.2 s) so that a room runs its
 * shuffle, admissions and expiries within a test.
 */
export const FAST_QUEUE_ENV = {
  QUEUE_PASS_KEY: TEST_QUEUE_PASS_KEY,
  QUEUE_TICK_MS: '50',
  PASS_MINUTES: '0.02',
} as const;

/** What a test file gets: its own NATS and Redis, the service in-process, a test bus and a Redis client of its own. */
export interface QueueHarness {
  nats: TestEngine;
  /** Reassignable: the Redis restart test starts a new one on the same port and data dir. */
  redis: TestRedis;
  service: RunningService;
  bus: Bus;
  url: string;
  /** The test's own connection to the service's Redis (for reading a room's keys directly). */
  client: Redis;
}

/** Registers beforeAll/afterAll that start and stop the queue service with private engines. */
export function useQueueService(env: Record<string, string> = {}): QueueHarness {
  const h = {} as QueueHarness;
  let started: TestService | undefined;
  beforeAll(async () => {
    const running = await startTestService((e) => queueService(loadConfig(ConfigSchema, e)), {
      service: 'queue',
      redis: 'private',
      env: { ...FAST_QUEUE_ENV, ...env },
    });
    started = running;
    ({ nats: h.nats, redis: h.redis, service: h.service, bus: h.bus, url: h.url } = running);
    h.client = connectTestRedis(h.redis.url);
  });
  afterAll(async () => {
    await h.client?.quit();
    await started?.stop();
    await h.redis?.stop();
  });
  return h;
}
