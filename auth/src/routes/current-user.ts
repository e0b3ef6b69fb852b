import { type CurrentUserJson, optionalUser } from '@ticketing/common';
import { Router } from 'express';

/**
 * GET /api/users/currentuser (DESIGN §3): `{ currentUser: { id, email } | null }`, with `roles` for a user whose
 * session token carries any (DESIGN §12 "Roles"). common's `currentUser` middleware
 * has already verified the token and asked the deny-list; a missing, expired, tampered or revoked one
 * means signed out, not an error (503 when the deny-list could not be asked).
 */
export const currentUserRouter: Router = Router().get('/api/users/currentuser', (req, res) => {
  res.status(200).json({ currentUser: optionalUser(req) } satisfies CurrentUserJson);
});
