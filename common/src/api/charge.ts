import type { ChargeStatus } from '../events/fields';

/**
 * A charge as payments answers it (DESIGN §4): 201 from POST /api/payments and POST /api/payments/confirm, and each
 * item of GET /api/payments (a plain array, newest first).
 */
export interface ChargeJson {
  id: string;
  orderId: string;
  status: ChargeStatus;
  /** In dollars, as the order was priced. */
  amount: number;
  /** The PaymentIntent's id; null while Stripe has not answered. */
  stripeId: string | null;
  /**
   * Set once the charge has been refunded: it completed after its order was cancelled (DESIGN §7), or its event was
   * cancelled (DESIGN §12).
   */
  stripeRefundId?: string;
  /** Why it was refunded, in words for the buyer, when that was not a late charge: "Refunded: event cancelled". */
  refundReason?: string;
}

/**
 * The 202 of POST /api/payments and POST /api/payments/confirm, while the charge is not decided: with `requiresAction`
 * the card needs 3-D Secure, which the browser handles with `clientSecret` (stripe.handleNextAction) before
 * confirming; without it Stripe is still processing, and the order's status says when it is done.
 */
export type PendingChargeJson = ChargeJson &
  ({ requiresAction: true; clientSecret: string } | { requiresAction: false });
