import { loadConfig, type Bus, type RunningService } from '@ticketing/common';
import { startTestService, type TestEngine, type TestRedis, type TestService } from '@ticketing/testing';
import { ConfigSchema } from '../../src/config';
import { expirationService } from '../../src/service';
import { observeQueue, watchExpiries, type ExpiryWatch, type QueueObserver } from './expiration-fixtures';

/** What a test file gets: its own NATS and Redis, the service in-process, a test bus, and observers of both sides. */
export interface ExpirationHarness {
  nats: TestEngine;
  /** Reassignable: the Redis restart test starts a new one on the same port and data dir. */
  redis: TestRedis;
  service: RunningService;
  bus: Bus;
  /** OrderExpired arrivals, seen by a plain NATS subscription (so a second publish is visible despite dedupe). */
  watch: ExpiryWatch;
  /** The BullMQ queue, read directly (job states). */
  queue: QueueObserver;
  /** Runs first in afterAll (e.g. resume a NATS server a test paused with SIGSTOP). */
  beforeStop?: () => void;
}

/**
 * Registers beforeAll/afterAll that start and stop the expiration service with private engines, and returns the
 * harness whose fields are set once beforeAll has run.
 */
export function useExpirationService(): ExpirationHarness {
  const h = {} as ExpirationHarness;
  let started: TestService | undefined;
  beforeAll(async () => {
    // No database: the jobs live in the test file's own Redis.
    const running = await startTestService((env) => expirationService(loadConfig(ConfigSchema, env)), {
      service: 'expiration',
      redis: 'private',
    });
    started = running;
    ({ nats: h.nats, redis: h.redis, service: h.service, bus: h.bus } = running);
    h.watch = watchExpiries(h.bus);
    h.queue = observeQueue(h.redis.url);
  });
  afterAll(async () => {
    h.beforeStop?.();
    h.watch?.stop();
    await h.queue?.close();
    await started?.stop();
    // A test may have replaced h.redis with a restarted one (stopping the one started above again does nothing).
    await h.redis?.stop();
  });
  return h;
}
