import type { Logger } from 'pino';
import { deleteExpiredIdempotencyKeys, initIdempotencyKeys } from '../store/idempotency-keys';
import { startPeriodicTask } from './periodic-task';
import type { Dependency } from './start-service';

/**
 * The expiry of a service's idempotency keys (DESIGN §16), as a dependency (ServiceDefinition.connect): makes the TTL
 * index (MongoDB then deletes keys a day old by itself), and sweeps keys past their day every `intervalMs` for an
 * engine without TTL (mongo-java-server), at start too. The sweep runs on MongoDB as well, where it finds what the
 * TTL monitor has not reached yet: one code path everywhere, and safe with any number of replicas (see
 * deleteExpiredIdempotencyKeys). Never what makes a service unready: a late sweep only keeps keys longer.
 */
export async function startIdempotencyKeyExpiry(options: { intervalMs: number; log: Logger }): Promise<Dependency> {
  const { log } = options;
  await initIdempotencyKeys();
  const sweep = startPeriodicTask({
    name: 'idempotency-key sweep',
    intervalMs: options.intervalMs,
    log,
    runAtStart: true,
    run: async () => {
      const deleted = await deleteExpiredIdempotencyKeys();
      if (deleted > 0) log.info({ deleted }, 'expired idempotency keys deleted');
    },
  });
  return { name: 'idempotency-key-sweep', isReady: () => true, close: () => sweep.stop() };
}
