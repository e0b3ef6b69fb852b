import type { OrderStatus } from '../events/fields';
import type { StatusChange } from './status-change';

/**
 * An order as every orders route answers it (DESIGN §4): POST /api/orders, GET and DELETE /api/orders/:id, and each
 * item of GET /api/orders (a plain array, newest first).
 */
export interface OrderJson {
  id: string;
  /** The buyer. */
  userId: string;
  status: OrderStatus;
  /** ISO 8601: after this instant the order no longer holds its ticket (DESIGN §7). */
  expiresAt: string;
  version: number;
  /** The ticket as the order was priced. */
  ticket: { id: string; title: string; price: number };
  /** Set on a cancelled order when the buyer should be told why, in words for the buyer. */
  cancelReason?: string;
  /**
   * ISO 8601: when the buyer's bank disputed the order's charge (DESIGN §12, ChargeDisputed). A disputed order keeps
   * its status `completed`; its e-ticket is void from then on (no entry, no transfer) and its seller is not paid.
   */
  disputedAt?: string;
  /**
   * The e-ticket of a completed order (DESIGN §12), for its holder only: `code` is the opaque signed string shown
   * as a QR code and as text (it changes with `serial` on each transfer); `usedAt` (ISO 8601) once it was scanned
   * at the door. A buyer who transferred the order sees it without this.
   */
  eticket?: OrderEticketJson;
  /** Who holds the e-ticket (the buyer, or whoever it was transferred to), for the holder only. */
  holderId?: string;
  /**
   * How the order reached the viewer when it changed hands: `to-you` for its holder who did not buy it ("transferred
   * to you"); `from-you` with the recipient's `email` for a buyer or holder who gave it away ("transferred to
   * <email>"). Absent for a buyer who still holds it.
   */
  transfer?: OrderTransferJson;
}

/** An order's e-ticket as its holder sees it (DESIGN §12). */
export interface OrderEticketJson {
  code: string;
  /** 1 when issued, + 1 on each transfer: only the current serial's code is admitted. */
  serial: number;
  /** ISO 8601: when it was admitted at the door. */
  usedAt?: string;
}

/** See OrderJson's `transfer`. */
export interface OrderTransferJson {
  direction: 'to-you' | 'from-you';
  /** For `from-you`: the e-mail of the user the viewer transferred it to. */
  email?: string;
}

/** GET /api/orders/eticket-key (public): the key that verifies e-ticket codes, PEM (SPKI). */
export interface EticketKeyJson {
  publicKey: string;
  algorithm: 'Ed25519';
}

/**
 * POST /api/entries { eventId, code } (admins, at the door): 200 when admitted. Refusals are errors in the usual shape,
 * their message meant for the door staff: 400 "Not a valid ticket" (field `code`: forged, altered, not a code); 409
 * "Already used at <ISO time>", "This ticket is for another event", "This ticket was transferred; ask the holder for
 * the new code", "This order was cancelled", "This order was refunded", "This order's payment was disputed", "This order is not paid", "The event was cancelled".
 */
export interface EntryJson {
  admitted: true;
  event: { id: string; title: string };
  ticket: { id: string; title: string };
  /** The holder's e-mail, masked: `j***@example.com`. */
  holder: { email: string };
  /** The event's door count after this admission (as GET /api/entries answers it). */
  tally: EntryTallyJson;
}

/**
 * GET /api/entries?eventId= (admins): an event's e-tickets admitted against sold (its completed orders, less refunded
 * and disputed ones), whichever door admitted them.
 */
export interface EntryTallyJson {
  eventId: string;
  sold: number;
  admitted: number;
}

/** One message of GET /api/orders/live (`event: order`): one of the signed-in buyer's orders. */
export type OrderStatusChange = StatusChange<OrderStatus>;
