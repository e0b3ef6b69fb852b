import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ServiceUnavailableError } from '@ticketing/common';

// OWASP's scrypt parameters (N = 2^17, r = 8, p = 1; DESIGN §8). They are stored with each hash
// (`scrypt$N$r$p$salt$key`), so accounts hashed at the earlier N = 2^14 still verify, at their own cost.
let params = { N: 131_072, r: 8, p: 1 };

/**
 * The cost of new hashes, as log2 N (PASSWORD_HASH_COST, set at boot; 17 by default). Tests of the sign-in and
 * sign-up throttles lower it to 14 (the earlier default): they count attempts, and at 2^17 each attempt is a third of
 * a second of CPU that proves nothing about a throttle. Hashing itself is tested at the default.
 */
export function setHashCost(log2N: number): void {
  params = { ...params, N: 2 ** log2N };
}
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

// A stored hash names its own cost; these bounds keep a corrupt or planted row from asking for gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

// Each hash at N = 2^17, r = 8 holds 128 MiB while it runs (128 · r · N bytes). Two at a time bound auth's scrypt
// memory to 256 MiB (the Deployment's limit allows for it) and leave two of libuv's four threads to DNS and the
// file system; more would not be faster on a pod with one CPU. Further hashes wait their turn, in order, up to a bound.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];
let maxWaiting = 20;

/**
 * How many hashes may wait for a slot (PASSWORD_HASH_MAX_WAITING, set at boot). About 0.35 s each, two at a time:
 * 20 waiting is a wait of about 3.5 s. Without a bound, a burst of sign-ins from many addresses (each under its own
 * limit) queued thousands and made every sign-in wait minutes; past it a hash is refused at once.
 */
export function limitWaitingHashes(max: number): void {
  maxWaiting = max;
}

/** Retry-After of a refused hash: the queue drains about six hashes a second, so a few seconds frees room. */
const BUSY_RETRY_AFTER_SECONDS = 2;

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (waiting.length >= maxWaiting) {
      throw new ServiceUnavailableError('Too many sign-ins at once; try again in a moment', {
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
      });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter (running stays the same), or is released.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keyLength: number) {
  // OpenSSL needs 128 · r · (N + p + 2) bytes; Node's default maxmem (32 MiB) would refuse N = 2^17.
  const options: ScryptOptions = { ...params, maxmem: 128 * params.r * (params.N + params.p + 2) + 1024 * 1024 };
  return withSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

/** Hashes a password with scrypt and a fresh random salt: `scrypt$N$r$p$<salt base64>$<key base64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const used = params;
  const key = await derive(password, salt, used, KEY_LENGTH);
  return ['scrypt', used.N, used.r, used.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** The parameters of a stored hash, or undefined when they are not a sane scrypt cost. */
function storedParams(n: string, r: string, p: string): { N: number; r: number; p: number } | undefined {
  const stored = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isInteger(Math.log2(stored.N));
  const sane =
    powerOfTwo &&
    stored.N >= 2 &&
    stored.N <= MAX_N &&
    Number.isInteger(stored.r) &&
    stored.r >= 1 &&
    stored.r <= MAX_R &&
    Number.isInteger(stored.p) &&
    stored.p >= 1 &&
    stored.p <= MAX_P;
  return sane ? stored : undefined;
}

/**
 * True when `password` matches `stored`, with the parameters stored in it. The keys are compared with
 * timingSafeEqual, so the time taken does not depend on how many leading bytes match. A malformed stored hash is a
 * bug, not a mismatch: it throws.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n = '', r = '', p = '', salt, key] = stored.split('$');
  const cost = storedParams(n, r, p);
  if (scheme !== 'scrypt' || !cost || !salt || !key) throw new Error('stored password hash is malformed');
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), cost, expected.length);
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, made once per process. Sign-in verifies against it when the email is unknown, so an
 * unknown email costs one scrypt like a known one and the response time does not reveal which emails have accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  // Forgotten when it fails (the queue was full): a rejection kept here would fail every unknown email from then on.
  dummyHash ??= hashPassword(randomBytes(32).toString('base64')).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}
