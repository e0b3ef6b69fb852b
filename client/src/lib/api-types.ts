// JSON shapes of the API, as DESIGN §4 defines them. The client only reads these; the services own them.

export type User = { id: string; email: string };

export type TicketStatus = 'available' | 'reserved' | 'sold';

export type Ticket = {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  /** Set while an order holds the ticket. */
  orderId?: string;
  status: TicketStatus;
};

export type OrderStatus = 'created' | 'cancelled' | 'awaiting:payment' | 'completed';

export type Order = {
  id: string;
  userId: string;
  status: OrderStatus;
  /** ISO 8601; after this instant the order no longer holds its ticket. */
  expiresAt: string;
  version: number;
  ticket: { id: string; title: string; price: number };
  /** Why a cancelled order was cancelled, in words for the buyer (the time ran out, the seller changed the ticket…). */
  cancelReason?: string;
};

export type ChargeStatus = 'created' | 'failed' | 'completed';

export type Charge = {
  id: string;
  orderId: string;
  status: ChargeStatus;
  amount: number;
  stripeId: string;
  /** Set when a charge that succeeded after its order was cancelled has been refunded (DESIGN §7). */
  stripeRefundId?: string;
};

/**
 * POST /api/payments and POST /api/payments/confirm answer 202 with this while the charge is not decided: with
 * `requiresAction` the card needs 3-D Secure, which the browser handles with `clientSecret` (stripe.handleNextAction)
 * before confirming; without it Stripe is still processing.
 */
export type PendingCharge = Charge & { requiresAction: boolean; clientSecret?: string };

/** A ticket's or an order's status as the live feeds report it (GET /api/tickets/live, /api/orders/live). */
export type StatusChange<S extends string> = { id: string; version: number; status: S };

export type CurrentUserResponse = { currentUser: User | null };

/** One entry of the error body every service sends: `{ errors: [{ message, field? }] }` (DESIGN §3). */
export type ApiError = { message: string; field?: string };

/**
 * What both fetch helpers return. A 4xx/5xx or an unreachable API is a value, never a thrown error,
 * so a page can always render something. `status` is 0 when no HTTP answer arrived at all.
 */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; errors: ApiError[] };
