import type { UserPayload } from '../http/session';

/**
 * A user as auth answers it (DESIGN §4): 201 from POST /api/users/signup, 200 from POST /api/users/signin. The same
 * `{ id, email }` the session token carries, never the password's hash.
 */
export type UserJson = UserPayload;

/** GET /api/users/currentuser: the session's user, or null when signed out (DESIGN §3). */
export interface CurrentUserJson {
  currentUser: UserJson | null;
}
