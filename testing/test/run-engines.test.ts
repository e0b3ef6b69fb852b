// startRunEngines: the engines of a run outside jest (the benchmarks) accept the test kit's logins, so a service
// started by startServiceProcess and the test kit's own connections get in; stop() leaves nothing behind.
import { existsSync } from 'node:fs';
import { connectBus, createLogger, drainBus } from '@ticketing/common';
import { connectTestBus, connectTestRedis, startRunEngines, testBusLogin } from '../src';

describe('startRunEngines', () => {
  test('When a run starts NATS and Redis, then a service, the test kit and a Redis client log in, and stop() removes the dir', async () => {
    const engines = await startRunEngines({ prefix: 'run-engines-test', only: ['nats', 'redis'] });

    let pong: string;
    try {
      const orders = await connectBus({
        url: engines.natsUrl,
        credentials: testBusLogin('orders'),
        service: 'orders',
        log: createLogger('orders', 'silent'),
      });
      await drainBus(orders);
      await drainBus(await connectTestBus(engines.natsUrl));
      const redis = connectTestRedis(engines.redisUrl);
      pong = await redis.ping();
      await redis.quit();
    } finally {
      await engines.stop();
    }

    expect(pong).toBe('PONG');
    expect(existsSync(engines.dataDir)).toBe(false);
  });
});
