import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngines, type EngineName, type Engines } from '@ticketing/local';
import { testBusCredentials } from './bus-credentials';
import { makeTestStreams } from './bus-helpers';

/**
 * Starts the engines of a run outside jest (a benchmark, a script), as jest's global setup does for a test run: in a
 * fresh temp dir named after `prefix`, NATS with the test kit's bus credentials (testBusCredentials), so that
 * `startServiceProcess` gives each service its own user and `connectTestBus` logs in as `testkit`, and Redis with a
 * password, carried in `redisUrl` (pass it as a service's REDIS_URL); NATS with its streams and durables made. `only` as in infra/local's `startEngines`
 * (default all three); with TEST_MONGO_URI set, that MongoDB is used. `stop()` stops them and removes the dir.
 * @throws what `startEngines` throws (nothing is left running, and the dir is removed).
 */
export async function startRunEngines<E extends EngineName = EngineName>(
  options: { prefix?: string; only?: readonly E[] } = {},
): Promise<Engines<E>> {
  const dataDir = await mkdtemp(join(tmpdir(), `${options.prefix ?? 'ticketing-run'}-`));
  const removeDir = (): Promise<void> => rm(dataDir, { recursive: true, force: true });
  let engines: Engines<E>;
  try {
    engines = await startEngines({
      dataDir,
      busCredentials: testBusCredentials(),
      ...(options.only && { only: options.only }),
    });
  } catch (error) {
    await removeDir();
    throw error;
  }
  // The streams and durables, as deployment makes them before any service starts (DESIGN §16).
  const natsUrl = (engines as Partial<Record<'natsUrl', string>>).natsUrl;
  if (natsUrl) {
    await makeTestStreams(natsUrl).catch(async (error: unknown) => {
      await engines.stop();
      await removeDir();
      throw error;
    });
  }
  let stopping: Promise<void> | undefined;
  return { ...engines, stop: () => (stopping ??= engines.stop().then(removeDir)) };
}
