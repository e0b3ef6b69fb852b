import type { SessionRevocations } from '@ticketing/common';
import { Router } from 'express';

/**
 * POST /api/users/signout (DESIGN §3, §8): revokes the session's token until its expiry, so a copy of the cookie
 * stops working on every service, then clears the cookie; 200 `{}` whether or not anyone was signed in. POST only: a
 * GET (a link, an <img> on another site) is 404, so no page can sign a visitor out by being loaded. When Redis cannot
 * take the revocation, 503 and the cookie is kept: a sign-out that only cleared the cookie would say "signed out"
 * while a copied cookie still worked.
 */
export function signOutRouter(options: { revocations: SessionRevocations }): Router {
  return Router().post('/api/users/signout', async (req, res) => {
    if (req.sessionToken) await options.revocations.revoke(req.sessionToken);
    req.session = null;
    res.status(200).json({});
  });
}
