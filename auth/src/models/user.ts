import {
  BadRequestError,
  EntityStore,
  isDuplicateKeyError,
  newObjectId,
  type Owned,
  UserCreated,
  versionedSchema,
  type UserPayload,
  type Role,
  defineModel,
} from '@ticketing/common';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** An account as stored: never leaves this module with its hash (routes get {@link UserPayload}). */
interface UserDoc extends Owned {
  email: string;
  passwordHash: string;
  /** Granted by an operator (`npm run admin`, DESIGN §12 "Roles"), never by signing up; absent for most accounts. */
  roles?: Role[];
}

const userSchema = versionedSchema<UserDoc>(
  {
    email: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], default: undefined },
  },
  { collection: 'users', outbox: true },
);
// "One user per email" (DESIGN §6): of N concurrent signups with one email exactly one insert passes this index and
// the rest get E11000. The UserCreated event is stored by that same insert (the outbox), so a crash right after
// signup cannot lose it.
userSchema.index({ email: 1 }, { unique: true, name: 'one_user_per_email' });

export const User = defineModel<UserDoc>('User', userSchema);

/** The accounts. */
export const users = new EntityStore(User);

/** The user's public shape (DESIGN §4): `{ id, email }`, with `roles` when they hold any; never the hash. */
function toUser(account: UserDoc): UserPayload {
  return account.roles?.length
    ? { id: account._id, email: account.email, roles: account.roles }
    : { id: account._id, email: account.email };
}

/**
 * Creates the account of `email` (already trimmed and lower-cased) and stores UserCreated with it.
 * @throws BadRequestError "Email in use" (field `email`) when an account with that email exists or wins the race.
 */
export async function signUp(email: string, password: string): Promise<UserPayload> {
  const id = newObjectId();
  const created = UserCreated.create({ id, email, version: 0 });
  try {
    return toUser(await users.insert({ _id: id, email, passwordHash: await hashPassword(password) }, [created]));
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new BadRequestError('Email in use', 'email');
    throw error;
  }
}

/** The account of `email` (trimmed and lower-cased), or null. */
export async function findUserByEmail(email: string): Promise<UserPayload | null> {
  const account = await User.findOne({ email }).lean<UserDoc>();
  return account ? toUser(account) : null;
}

/**
 * The user whose email and password match, or null. Exactly one scrypt runs either way (against a dummy hash for an
 * unknown email), so the caller cannot tell an unknown email from a wrong password, by the answer or by its timing.
 */
export async function checkCredentials(email: string, password: string): Promise<UserPayload | null> {
  const account = await User.findOne({ email }).lean<UserDoc>();
  const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  return account && matches ? toUser(account) : null;
}

/** What {@link setRole} did: the account as it is now, and whether this call changed its roles. */
export interface RoleChange {
  user: UserPayload;
  changed: boolean;
}

/**
 * Grants (`held` true) or revokes `role` on the account of `email` (trimmed and lower-cased), with one atomic update
 * ($addToSet / $pull: two operators at once never lose each other's change). Null when no account has that email.
 * The update leaves `version` alone: roles are in no event, and a version with no event would leave a replica that
 * applies the user's events in order (UserUpdated, DESIGN §5) waiting for ever for the one it skipped.
 */
export async function setRole(email: string, role: Role, held: boolean): Promise<RoleChange | null> {
  const account = await User.findOneAndUpdate(
    { email },
    held ? { $addToSet: { roles: role } } : { $pull: { roles: role } },
    { returnDocument: 'before' },
  ).lean<UserDoc>();
  if (!account) return null;
  const roles = account.roles ?? [];
  const had = roles.includes(role);
  // The roles after the update, as $addToSet and $pull leave them.
  const after = held ? (had ? roles : [...roles, role]) : roles.filter((r) => r !== role);
  return { user: toUser({ ...account, roles: after }), changed: had !== held };
}
