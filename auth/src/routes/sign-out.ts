import { Router } from 'express';

/** POST /api/users/signout (DESIGN §3): clears the session cookie; 200 `{}` whether or not anyone was signed in. */
export const signOutRouter: Router = Router().post('/api/users/signout', (req, res) => {
  req.session = null;
  res.status(200).json({});
});
