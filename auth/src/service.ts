import type { ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { users } from './models/user';
import { connectRedis } from './throttle/redis-client';
import { SignInThrottle } from './throttle/sign-in-throttle';

/** The auth service: accounts and sessions (DESIGN §3, §8); publishes UserCreated through the outbox. */
export function authService(config: Config): ServiceDefinition {
  const throttle = new SignInThrottle({
    maxFailures: config.SIGNIN_MAX_FAILURES,
    windowSeconds: config.SIGNIN_WINDOW_SECONDS,
  });
  return {
    name: 'auth',
    config,
    publishes,
    listeners,
    stores: [users],
    async connect({ log }) {
      const { redis, dependency } = await connectRedis(config.REDIS_URL, log);
      throttle.use(redis);
      return [dependency];
    },
    buildApp: ({ log, isReady }) => buildApp({ log, isReady, config, throttle }),
  };
}
