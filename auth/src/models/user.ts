import {
  BadRequestError,
  EntityStore,
  isDuplicateKeyError,
  newObjectId,
  type Owned,
  UserCreated,
  versionedSchema,
  type UserPayload,
  defineModel,
} from '@ticketing/common';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** An account as stored: never leaves this module with its hash (routes get {@link UserPayload}). */
interface UserDoc extends Owned {
  email: string;
  passwordHash: string;
}

const userSchema = versionedSchema<UserDoc>(
  {
    email: { type: String, required: true },
    passwordHash: { type: String, required: true },
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

/** The user's public shape (DESIGN §4): `{ id, email }`, never the hash. */
function toUser(account: UserDoc): UserPayload {
  return { id: account._id, email: account.email };
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

/**
 * The user whose email and password match, or null. Exactly one scrypt runs either way (against a dummy hash for an
 * unknown email), so the caller cannot tell an unknown email from a wrong password, by the answer or by its timing.
 */
export async function checkCredentials(email: string, password: string): Promise<UserPayload | null> {
  const account = await User.findOne({ email }).lean<UserDoc>();
  const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  return account && matches ? toUser(account) : null;
}
