import { sign, verify, type KeyObject } from 'node:crypto';
import { ObjectIdString } from '@ticketing/common';
import { z } from 'zod';

/** What an e-ticket's code says (DESIGN §12): whose ticket for what, at which serial. */
export interface EticketClaims {
  orderId: string;
  ticketId: string;
  /** Absent for a ticket listed without an event (the seed's). */
  eventId?: string;
  holderId: string;
  /** 1 when issued, + 1 on each transfer: only the order's current serial is admitted. */
  serial: number;
}

// The payload as it travels: short keys, for a QR code that stays easy to scan.
const Payload = z.strictObject({
  o: ObjectIdString,
  t: ObjectIdString,
  e: ObjectIdString.optional(),
  h: ObjectIdString,
  s: z.number().int().min(1),
});

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The code of an e-ticket: base64url(compact JSON of the claims) "." base64url(Ed25519 signature of the first part's
 * bytes). Ed25519 signatures are deterministic, so the same claims always give the same code: the code is derived
 * from the order when it is shown, never stored.
 */
export function eticketCode(claims: EticketClaims, privateKey: KeyObject): string {
  const payload: z.input<typeof Payload> = {
    o: claims.orderId,
    t: claims.ticketId,
    ...(claims.eventId !== undefined && { e: claims.eventId }),
    h: claims.holderId,
    s: claims.serial,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(null, Buffer.from(body), privateKey).toString('base64url')}`;
}

/**
 * The claims of a code that orders signed, or null for anything else: a forgery, a code with any character changed,
 * added or removed, or not a code at all. Both parts must be canonical base64url (Node's decoder skips characters
 * outside the alphabet and ignores a last character's unused bits, so a changed character could otherwise decode to
 * the same bytes).
 */
export function verifyEticketCode(code: string, publicKey: KeyObject): EticketClaims | null {
  const parts = code.split('.');
  if (parts.length !== 2) return null;
  const [body, signature] = parts as [string, string];
  if (!BASE64URL.test(body) || !BASE64URL.test(signature)) return null;
  const signatureBytes = Buffer.from(signature, 'base64url');
  if (signatureBytes.toString('base64url') !== signature) return null;
  if (!verify(null, Buffer.from(body), publicKey, signatureBytes)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) return null;
  const { o, t, e, h, s } = parsed.data;
  return { orderId: o, ticketId: t, ...(e !== undefined && { eventId: e }), holderId: h, serial: s };
}
