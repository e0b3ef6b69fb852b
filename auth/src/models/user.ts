import { BadRequestError, newObjectId, UserCreated, VersionedLog, type UserPayload } from '@ticketing/common';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';

/** An account as stored: never leaves this module with its hash (routes get {@link UserPayload}). */
interface Account {
  id: string;
  email: string;
  passwordHash: string;
}

/**
 * Accounts, keyed by the normalized email: version 0 of entity `<email>` is the account. "One user per email"
 * (DESIGN §6) therefore rests on the unique `_id` `<email>:0` of the version record: of N concurrent signups with
 * one email exactly one insert wins and the rest get E11000, on MongoDB and on FerretDB alike. A unique index on a
 * separate users collection would do the same, but this way the UserCreated event is stored by that same insert
 * (the outbox), so a crash right after signup cannot lose it.
 */
export const users = new VersionedLog<Account>('users');

/** The user's public shape (DESIGN §4): `{ id, email }`, never the hash. */
function toUser(account: Account): UserPayload {
  return { id: account.id, email: account.email };
}

/**
 * Creates the account of `email` (already trimmed and lower-cased) and stores UserCreated with it.
 * @throws BadRequestError "Email in use" (field `email`) when an account with that email exists or wins the race.
 */
export async function signUp(email: string, password: string): Promise<UserPayload> {
  const account: Account = { id: newObjectId(), email, passwordHash: await hashPassword(password) };
  const created = UserCreated.create({ id: account.id, email, version: 0 });
  const stored = await users.append(email, 0, account, [created]);
  if (!stored) throw new BadRequestError('Email in use', 'email');
  return toUser(account);
}

/**
 * The user whose email and password match, or null. Exactly one scrypt runs either way (against a dummy hash for an
 * unknown email), so the caller cannot tell an unknown email from a wrong password, by the answer or by its timing.
 */
export async function checkCredentials(email: string, password: string): Promise<UserPayload | null> {
  const account = (await users.latest(email))?.state;
  const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  return account && matches ? toUser(account) : null;
}
