import type { ChargeStatus } from '@ticketing/common';
import { VersionedLog } from '@ticketing/common';

/** A charge (DESIGN §4): at most one per order. */
export interface ChargeState {
  /**
   * The charge's own id (an ObjectId), fixed when the order's charge is first claimed; `id` in the JSON. Not named
   * `id` here because the view is written through mongoose, whose `id` virtual drops a field of that name.
   */
  chargeId: string;
  orderId: string;
  /** The payer; kept so that a user lists only their own charges. */
  userId: string;
  status: ChargeStatus;
  /** In dollars, from the order replica. */
  amount: number;
  /** The PaymentIntent id, once Stripe has answered. */
  stripeId?: string;
  /** Set once, when a charge that completed for an order cancelled meanwhile is refunded. */
  stripeRefundId?: string;
}

/** The charge as the API returns it (DESIGN §4); `stripeId` is null while the payment is in flight. */
export interface ChargeJson {
  id: string;
  orderId: string;
  status: ChargeStatus;
  amount: number;
  stripeId: string | null;
  stripeRefundId?: string;
}

/**
 * The charges, one versioned entity per ORDER: the entity id is the order id, not the charge id. So version 0 of an
 * order's charge (the claim) is an insert into the unique `_id` `<orderId>:0`, which one request wins; that is the
 * "at most one charge per order" of DESIGN §6, without a conditional update. Later versions record Stripe's outcome
 * and the refund, each decided from the newest version by `change()`. The view (one document per order) serves lists.
 */
export const chargeLog = new VersionedLog<ChargeState>('charges', {
  view: { indexes: [{ userId: 1 }, { orderId: 1 }] },
});

export function toChargeJson(charge: ChargeState): ChargeJson {
  return {
    id: charge.chargeId,
    orderId: charge.orderId,
    status: charge.status,
    amount: charge.amount,
    stripeId: charge.stripeId ?? null,
    ...(charge.stripeRefundId !== undefined && { stripeRefundId: charge.stripeRefundId }),
  };
}

/** The newest state of an order's charge, or null if it has none. */
export async function findCharge(orderId: string): Promise<ChargeState | null> {
  return (await chargeLog.latest(orderId))?.state ?? null;
}

/** A user's charges, newest first (ObjectIds start with their creation time), optionally for one order. */
export async function listCharges(userId: string, orderId?: string): Promise<ChargeJson[]> {
  const view = chargeLog.view;
  if (!view) throw new Error('the charges log has no view');
  const docs = await view
    .find({ userId, ...(orderId !== undefined && { orderId }) })
    .sort({ chargeId: -1 })
    .limit(500)
    .lean<Array<ChargeState & { _id: string; version: number }>>();
  return docs.map(toChargeJson);
}
