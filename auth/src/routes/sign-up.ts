import { parseBody, signSessionToken } from '@ticketing/common';
import { Router } from 'express';
import { signUp } from '../models/user';
import type { SignUpThrottle } from '../throttle/sign-up-throttle';
import { SignUpBody } from './credentials';

/**
 * POST /api/users/signup (DESIGN §3): 201 `{ id, email }` and the session cookie; 400 invalid or "Email in use";
 * 429 with Retry-After past the sign-ups allowed per address (counted after validation, before the scrypt).
 */
export function signUpRouter(options: { jwtKey: string; throttle: SignUpThrottle }): Router {
  return Router().post('/api/users/signup', async (req, res) => {
    const { email, password } = parseBody(SignUpBody, req);
    await options.throttle.count(req.ip);
    const user = await signUp(email, password);
    req.session = { jwt: signSessionToken(user, options.jwtKey) };
    res.status(201).json(user);
  });
}
