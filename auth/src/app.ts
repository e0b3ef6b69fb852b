import { createServiceApp, type Logger } from '@ticketing/common';
import type express from 'express';
import type { Config } from './config';
import { currentUserRouter } from './routes/current-user';
import { signInRouter } from './routes/sign-in';
import { signOutRouter } from './routes/sign-out';
import { signUpRouter } from './routes/sign-up';
import type { SignInThrottle } from './throttle/sign-in-throttle';

/** The auth app, with no I/O at build time (the throttle gets its Redis client later, in the connect hook). */
export function buildApp(context: {
  log: Logger;
  isReady: () => Promise<boolean>;
  config: Config;
  throttle: SignInThrottle;
}): express.Express {
  const { log, isReady, config, throttle } = context;
  return createServiceApp({
    log,
    isReady,
    jwtKey: config.JWT_KEY,
    cookieSecure: config.COOKIE_SECURE,
    routers: [
      signUpRouter({ jwtKey: config.JWT_KEY }),
      signInRouter({ jwtKey: config.JWT_KEY, throttle }),
      signOutRouter,
      currentUserRouter,
    ],
  });
}
