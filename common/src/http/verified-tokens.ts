/** A session token that passed verification: its user and when it expires (seconds since the epoch, JWT `exp`). */
export interface VerifiedToken<U> {
  user: U;
  exp: number;
}

/**
 * Wraps a token verifier so that a token it accepted is not verified again until it expires: the same signed-in
 * browser sends the same token with every request, and verifying it (two base64 decodes, two JSON parses, an HMAC
 * and the claim checks of jsonwebtoken) was the largest cost left in our stack (bench/RESULTS.md, issue 13).
 *
 * Safe because the key is the whole token, signature included: a hit is the exact bytes that verified before, with
 * the same JWT key (one memo per key). Expiry is checked on every use, as jsonwebtoken checks it (`now < exp`).
 * Rejected tokens are never remembered, so a forged token costs a verification every time, and cannot fill the memo.
 * At most `max` tokens are kept (the oldest goes first). Hand-written: a Map and an expiry check, with nothing for a
 * library to add. Anything that can end a session before `exp` (a revocation list) must be checked beside this.
 */
export function rememberVerified<U>(
  verify: (token: string) => VerifiedToken<U> | null,
  max = 10_000,
): (token: string) => U | null {
  const verified = new Map<string, VerifiedToken<U>>();
  return (token) => {
    const now = Math.floor(Date.now() / 1000);
    const known = verified.get(token);
    if (known && now < known.exp) return known.user;
    if (known) verified.delete(token);
    const fresh = verify(token);
    if (!fresh) return null;
    if (verified.size >= max) verified.delete(verified.keys().next().value as string);
    verified.set(token, fresh);
    return fresh.user;
  };
}
