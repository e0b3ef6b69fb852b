import { createSecretKey, type KeyObject } from 'node:crypto';

// jsonwebtoken turns a string key into a KeyObject on every call, and tries `createPublicKey` (a PEM parse that
// throws) before `createSecretKey`: measured at 41% of the auth service's CPU under load (bench/RESULTS.md, issue 13).
// Made once per key instead; a process has one JWT_KEY and one QUEUE_PASS_KEY, tests a few.
const secretKeys = new Map<string, KeyObject>();

/** The HS256 key object for a secret given as a string (JWT_KEY, QUEUE_PASS_KEY), made once per key. */
export function hmacKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    if (secretKeys.size >= 16) secretKeys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}
