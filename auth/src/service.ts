import { createRedisClient, sessionRevocations, type ServiceDefinition } from '@ticketing/common';
import { buildApp } from './app';
import type { Config } from './config';
import { listeners, publishes } from './events';
import { limitWaitingHashes, setHashCost } from './models/password';
import { users } from './models/user';
import { SignInThrottle } from './throttle/sign-in-throttle';
import { SignUpThrottle } from './throttle/sign-up-throttle';

/** The auth service: accounts and sessions (DESIGN §3, §8); publishes UserCreated through the outbox. */
export function authService(config: Config): ServiceDefinition {
  limitWaitingHashes(config.PASSWORD_HASH_MAX_WAITING);
  setHashCost(config.PASSWORD_HASH_COST);
  // One Redis for the throttles and the session deny-list; startService connects it and reports it in /readyz.
  const redis = createRedisClient(config.REDIS_URL, 'auth');
  const signInThrottle = new SignInThrottle(redis, {
    freeFailures: config.SIGNIN_FREE_FAILURES,
    maxFailuresPerAddress: config.SIGNIN_MAX_FAILURES_PER_ADDRESS,
    emailSlowdownAfter: config.SIGNIN_EMAIL_SLOWDOWN_AFTER,
    maxLockoutSeconds: config.SIGNIN_MAX_LOCKOUT_SECONDS,
    windowSeconds: config.SIGNIN_WINDOW_SECONDS,
  });
  const signUpThrottle = new SignUpThrottle(redis, {
    maxPerAddress: config.SIGNUP_MAX_PER_ADDRESS,
    windowSeconds: config.SIGNUP_WINDOW_SECONDS,
  });
  return {
    name: 'auth',
    config,
    publishes,
    listeners,
    stores: [users],
    redis,
    buildApp: ({ log, isReady }) =>
      buildApp({ log, isReady, config, signInThrottle, signUpThrottle, revocations: sessionRevocations(redis) }),
  };
}
