import { AccountEmail } from '@ticketing/common';
import { z } from 'zod';

/** An email as accounts are keyed (common's AccountEmail: trimmed, lower-cased, UserCreated's format). */
export const Email = AccountEmail;

/** A new password: 8 to 128 characters (the upper bound caps the work one request can ask of scrypt). */
export const NewPassword = z.string().min(8, 'must be 8 to 128 characters').max(128, 'must be 8 to 128 characters');

/** `{ email, password }` for signup; z.object drops unknown keys, and only strings pass (no `{ "$gt": "" }`). */
export const SignUpBody = z.object({ email: Email, password: NewPassword });

/** `{ email, password }` for signin: any password up to 128 characters may be tried (and fail as "Invalid credentials"). */
export const SignInBody = z.object({
  email: Email,
  password: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
});
