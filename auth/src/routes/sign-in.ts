import { BadRequestError, parseBody, signSessionToken } from '@ticketing/common';
import { Router } from 'express';
import { checkCredentials } from '../models/user';
import type { SignInThrottle } from '../throttle/sign-in-throttle';
import { SignInBody } from './credentials';

/**
 * POST /api/users/signin (DESIGN §3): 200 `{ id, email }` (with `roles` for a user who holds any, DESIGN §12) and the
 * session cookie, whose token carries those roles. An unknown email and a wrong
 * password get the same 400 "Invalid credentials" (no field), so the answer does not reveal which emails exist;
 * 429 with Retry-After when the (email, address) pair or the client address has too many recent failures (failures on
 * the email alone only slow the answer).
 */
export function signInRouter(options: { jwtKey: string; throttle: SignInThrottle }): Router {
  return Router().post('/api/users/signin', async (req, res) => {
    const { email, password } = parseBody(SignInBody, req);
    const user = await options.throttle.attempt({ email, ip: req.ip }, () => checkCredentials(email, password));
    if (!user) throw new BadRequestError('Invalid credentials');
    req.session = { jwt: signSessionToken(user, options.jwtKey) };
    res.status(200).json(user);
  });
}
