import { defineReplica, type ApplyOutcome, type Versioned } from '@ticketing/common';

/** What orders knows of an account (DESIGN §12): its e-mail, to transfer an e-ticket to it and to show at the door. */
export interface UserReplicaDoc extends Versioned {
  /** Trimmed and lower-cased, as auth keys accounts (AccountEmail). */
  email: string;
}

/**
 * The replica of auth's users, filled by UserCreated (and by `npm run republish -- users` for accounts made before
 * orders consumed it, DESIGN §16): each version once, a republished one acknowledged without effect.
 */
export const userReplica = defineReplica<UserReplicaDoc>(
  'UserReplica',
  'users',
  { email: { type: String, required: true } },
  // One account per e-mail, as in auth; and, being unique, the index even the local engine uses to find one by it.
  [[{ email: 1 }, { unique: true, name: 'one_user_per_email' }]],
);

/** Applies one version of a user received from auth. */
export function applyUserVersion(data: { id: string; version: number; email: string }): Promise<ApplyOutcome> {
  return userReplica.apply(data.id, data.version, { email: data.email });
}

/** The id of the user with this e-mail (already trimmed and lower-cased), or null if orders has not heard of one. */
export async function findUserIdByEmail(email: string): Promise<string | null> {
  const doc = await userReplica.model.findOne({ email }, { _id: 1 }).lean<Pick<UserReplicaDoc, '_id'>>().exec();
  return doc?._id ?? null;
}

/** A user's e-mail, or null if orders has not heard of them. */
export async function findUserEmail(id: string): Promise<string | null> {
  return (await userReplica.find(id))?.email ?? null;
}
