import { drainBus, loadConfig, startService, type Bus, type RunningService } from '@ticketing/common';
import { busLoginEnv, connectTestBus, startTestNats, startTestRedis, type TestEngine } from '@ticketing/testing';
import { ConfigSchema } from '../../src/config';
import { expirationService } from '../../src/service';
import { observeQueue, watchExpiries, type ExpiryWatch, type QueueObserver } from './expiration-fixtures';

/** What a test file gets: its own NATS and Redis, the service in-process, a test bus, and observers of both sides. */
export interface ExpirationHarness {
  nats: TestEngine;
  /** Reassignable: the Redis restart test starts a new one on the same port and data dir. */
  redis: TestEngine & { dataDir: string };
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
  beforeAll(async () => {
    h.nats = await startTestNats();
    h.redis = await startTestRedis();
    const config = loadConfig(ConfigSchema, {
      PORT: '0',
      NATS_URL: h.nats.url,
      ...busLoginEnv('expiration'),
      REDIS_URL: h.redis.url,
      LOG_LEVEL: 'silent',
    });
    h.service = await startService(expirationService(config));
    h.bus = await connectTestBus(h.nats.url);
    h.watch = watchExpiries(h.bus);
    h.queue = observeQueue(h.redis.url);
  });
  afterAll(async () => {
    h.beforeStop?.();
    h.watch?.stop();
    await h.queue?.close();
    await h.service?.stop();
    if (h.bus) await drainBus(h.bus);
    await h.nats?.stop();
    await h.redis?.stop();
  });
  return h;
}
