import { Router } from 'express';

/**
 * GET /api/users/currentuser (DESIGN §3): `{ currentUser: { id, email } | null }`. common's `currentUser` middleware
 * has already verified the token; a missing, expired or tampered one means signed out, not an error.
 */
export const currentUserRouter: Router = Router().get('/api/users/currentuser', (req, res) => {
  res.status(200).json({ currentUser: req.currentUser ?? null });
});
