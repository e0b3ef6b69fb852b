import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { hmacKey } from './hmac-key';

/**
 * The waiting room's pass (DESIGN §13): what an admitted buyer sends with `POST /api/orders` as the `Queue-Pass`
 * header. Signed by queue with `QUEUE_PASS_KEY` (HS256), never the session key, and with its own audience, so a
 * session token is never accepted as a pass nor a pass as a session (different keys, and each side checks its own
 * claims). Orders verifies it without a call.
 */
export interface QueuePass {
  /** The pass's own id: the unique key orders counts its uses under. */
  id: string;
  eventId: string;
  userId: string;
  /** When the pass stops admitting (admission + PASS_MINUTES). */
  expiresAt: Date;
}

/** The request header that carries the pass (Express lower-cases header names). */
export const QUEUE_PASS_HEADER = 'queue-pass';

/** The `aud` claim of every pass; a session token carries none. */
export const QUEUE_PASS_AUDIENCE = 'queue-pass';

const PassClaims = z.object({
  aud: z.literal(QUEUE_PASS_AUDIENCE),
  sub: z.string().min(1),
  jti: z.string().min(1),
  eventId: z.string().min(1),
  exp: z.number().int(),
});

/** Signs a pass for `userId` to order tickets of `eventId` until `expiresAt` (a fresh id unless given). */
export function signQueuePass(
  pass: { eventId: string; userId: string; expiresAt: Date; id?: string },
  passKey: string,
): string {
  return jwt.sign(
    {
      aud: QUEUE_PASS_AUDIENCE,
      sub: pass.userId,
      jti: pass.id ?? randomUUID(),
      eventId: pass.eventId,
      exp: Math.floor(pass.expiresAt.getTime() / 1000),
    },
    hmacKey(passKey),
    { algorithm: 'HS256', noTimestamp: false },
  );
}

/**
 * The pass in `token`, or null when it is not one: a bad signature, another audience (a session token), a missing
 * claim, or expired at `now`. Binding to a user and an event is the caller's check ({@link passAdmits}).
 */
export function verifyQueuePass(token: unknown, passKey: string, now: Date = new Date()): QueuePass | null {
  if (typeof token !== 'string' || token.length === 0 || token.length > 2048) return null;
  try {
    const decoded = jwt.verify(token, hmacKey(passKey), {
      algorithms: ['HS256'],
      audience: QUEUE_PASS_AUDIENCE,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    const claims = PassClaims.safeParse(decoded);
    if (!claims.success) return null;
    return {
      id: claims.data.jti,
      eventId: claims.data.eventId,
      userId: claims.data.sub,
      expiresAt: new Date(claims.data.exp * 1000),
    };
  } catch {
    return null;
  }
}

/** Whether `pass` lets `userId` order a ticket of `eventId`: a pass is bound to its user and its event. */
export function passAdmits(pass: QueuePass | null, userId: string, eventId: string): pass is QueuePass {
  return pass !== null && pass.userId === userId && pass.eventId === eventId;
}
