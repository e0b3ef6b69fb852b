import { EntityStore, type ChargeStatus, type Owned, versionedSchema, defineModel } from '@ticketing/common';
import type { ChargeJson } from '@ticketing/common';

/**
 * A charge as stored (DESIGN §4), one document per ORDER: `_id` is the order id, so "at most one charge per order"
 * (DESIGN §6) is the unique `_id` of the claim's insert, which one request wins; later changes (Stripe's outcome, the
 * refund) are conditional updates on its version.
 */
export interface ChargeDoc extends Owned {
  /**
   * The charge's own id (an ObjectId), fixed when the order's charge is first claimed; `id` in the JSON.
   */
  chargeId: string;
  /** The payer; kept so that a user lists only their own charges. */
  userId: string;
  status: ChargeStatus;
  /** In dollars, from the order replica. */
  amount: number;
  /** The PaymentIntent id, once Stripe has answered. */
  stripeId?: string;
  /**
   * Set once, when the charge is refunded: it completed for an order cancelled meanwhile, or its event was cancelled.
   */
  stripeRefundId?: string;
  /** Set with `stripeRefundId` when the refund is for the event's cancellation (DESIGN §12), not a late charge. */
  refundReason?: RefundReason;
  /** Set once, when the buyer's bank disputes the charge (DESIGN §12, `charge.dispute.created`): ChargeDisputed. */
  stripeDisputeId?: string;
  /** The disputed amount in cents, as Stripe withdrew it from the platform's balance. */
  disputedCents?: number;
  /**
   * The order's event (from the replica, at the claim): what finds the completed charges to refund when the event is
   * cancelled, and what a payout job will check against the cancelled events (DESIGN §12: no payout for them).
   */
  eventId?: string;
  /** When the newest Stripe call for this charge may have started (the claim, or its renewal by a retry). */
  claimedAt: Date;
  /** The `Idempotency-Key` of the request that claimed it: a retry with the same key gets the first answer. */
  idempotencyKey?: string;
  /** Stripe's words for a declined payment, answered again to a retry with the same key. */
  failureMessage?: string;
  /**
   * Set when the charge completes, cleared once someone has looked whether its order was cancelled meanwhile (and
   * refunded it then): a request that dies in between leaves it set, and the reconciliation looks instead. Also set
   * on a failed charge whose PaymentIntent succeeded after all, until that money is refunded (refundLostSuccess).
   */
  lateCheckPending?: boolean;
}

// A charge's JSON answer is common's API contract, which the web client reads too.
export type { ChargeJson };

/** Why a charge was refunded, when that was not a late charge (which the client explains by itself). */
export type RefundReason = 'event-cancelled' | 'outside-app';

/** What the buyer reads for each reason (ChargeJson's `refundReason`). */
const REFUND_REASON_SHOWN: Record<RefundReason, string> = {
  'event-cancelled': 'Refunded: event cancelled',
  'outside-app': 'Refunded',
};

const chargeSchema = versionedSchema<ChargeDoc>(
  {
    chargeId: { type: String, required: true },
    userId: { type: String, required: true },
    status: { type: String, required: true },
    amount: { type: Number, required: true },
    stripeId: { type: String },
    stripeRefundId: { type: String },
    refundReason: { type: String },
    stripeDisputeId: { type: String },
    disputedCents: { type: Number },
    eventId: { type: String },
    claimedAt: { type: Date, required: true },
    idempotencyKey: { type: String },
    failureMessage: { type: String },
    lateCheckPending: { type: Boolean },
  },
  { collection: 'charges', outbox: true },
);
chargeSchema.index({ userId: 1 });
// A cancelled event's completed charges (refund-event-charges.ts): on MongoDB its own charges only; the local engine
// ignores it and reads the collection, once per cancellation.
chargeSchema.index({ eventId: 1, status: 1 }, { sparse: true });

export const Charge = defineModel<ChargeDoc>('Charge', chargeSchema);

/** The charges, keyed by order id; ChargeCreated and ChargeRefunded go out through their outbox. */
export const charges = new EntityStore(Charge);

export function toChargeJson(charge: ChargeDoc): ChargeJson {
  return {
    id: charge.chargeId,
    orderId: charge._id,
    status: charge.status,
    amount: charge.amount,
    stripeId: charge.stripeId ?? null,
    ...(charge.stripeRefundId !== undefined && { stripeRefundId: charge.stripeRefundId }),
    ...(charge.refundReason !== undefined && { refundReason: REFUND_REASON_SHOWN[charge.refundReason] }),
  };
}

/** The order's charge, or null if it has none. */
export function findCharge(orderId: string): Promise<ChargeDoc | null> {
  return charges.find(orderId);
}

/** A user's charges, newest first (ObjectIds start with their creation time), optionally for one order. */
export async function listCharges(userId: string, orderId?: string): Promise<ChargeJson[]> {
  const docs = await Charge.find({ userId, ...(orderId !== undefined && { _id: orderId }) }, { outbox: 0 })
    .sort({ chargeId: -1 })
    .limit(500)
    .lean<ChargeDoc[]>();
  return docs.map(toChargeJson);
}

/**
 * Clears `lateCheckPending` once the late-charge check (or the refund of a lost success) has run to its end. A field
 * only ever cleared here, outside the versioned changes, so it cannot undo one of them.
 */
export async function finishLateCheck(orderId: string): Promise<void> {
  await charges.model.collection.updateOne({ _id: orderId } as never, { $unset: { lateCheckPending: '' } });
}
