import { createUserApp, type UserAppContext } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { currentUserRouter } from './routes/current-user';
import { signInRouter } from './routes/sign-in';
import { signOutRouter } from './routes/sign-out';
import { signUpRouter } from './routes/sign-up';
import type { SignInThrottle } from './throttle/sign-in-throttle';
import type { SignUpThrottle } from './throttle/sign-up-throttle';

/** The auth app, with no I/O at build time (its Redis client is connected by startService, after the build). */
export function buildApp(
  context: UserAppContext<Config> & { signInThrottle: SignInThrottle; signUpThrottle: SignUpThrottle },
): express.Express {
  const { config, signInThrottle, signUpThrottle, revocations } = context;
  return createUserApp(context, {
    cookieSecure: config.COOKIE_SECURE,
    routers: [
      signUpRouter({ jwtKey: config.JWT_KEY, throttle: signUpThrottle }),
      signInRouter({ jwtKey: config.JWT_KEY, throttle: signInThrottle }),
      signOutRouter({ revocations }),
      currentUserRouter,
    ],
  });
}
