import { defineModel, EntityStore, type Owned, versionedSchema } from '@ticketing/common';
import { defineWatchList } from './watch-list';

/**
 * Where a seller's payout for one sale stands (DESIGN §12):
 *  - `held`: the seller's account cannot receive transfers yet (not set up, or not enabled by Stripe);
 *  - `scheduled`: due at `scheduledFor` (the event's start + PAYOUT_DELAY_SECONDS);
 *  - `paid`: transferred (`transferId`);
 *  - `reversed`: transferred, then taken back because the sale was refunded or disputed;
 *  - `lost`: transferred, the sale undone, and Stripe refused the reversal (the seller's balance was short): the
 *    platform's loss, recorded, never retried;
 *  - `void`: never transferred, because the sale was undone first (refunded, disputed, or its event cancelled).
 */
export type PayoutState = 'held' | 'scheduled' | 'paid' | 'reversed' | 'lost' | 'void';

/** Why a sale is undone: no payout for it, and a payout already made is reversed. */
export type UndoneReason = 'refunded' | 'disputed' | 'event-cancelled';

/** A seller's payout for one sold ticket, one document per ORDER: `_id` is the order id (at most one payout each). */
export interface PayoutDoc extends Owned {
  /** Who is paid (the order's seller). */
  sellerId: string;
  /** What the buyer paid, in cents. */
  grossCents: number;
  /** The platform's fee in cents: floor(gross × PLATFORM_FEE_BPS / 10,000), fixed when the sale is recorded. */
  feeCents: number;
  state: PayoutState;
  /** When the transfer is due. */
  scheduledFor: Date;
  /**
   * Set before the first Transfer call: from then on a transfer may exist at Stripe that we have not recorded (the
   * process died between the call and the write), so the order's transfer group is looked up before anything else.
   */
  attemptedAt?: Date;
  /** The Transfer (`tr_…`), once made. */
  transferId?: string;
  /** What was transferred, in cents (gross − fee). */
  transferCents?: number;
  paidAt?: Date;
  /** The TransferReversal (`trr_…`) that took the payout back. */
  reversalId?: string;
  reversedAt?: Date;
  /** The platform's recorded loss, in cents: the transfer Stripe refused to reverse. */
  lossCents?: number;
  /** Why the sale was undone (void, reversed, lost). */
  undoneReason?: UndoneReason;
  createdAt: Date;
}

const payoutSchema = versionedSchema<PayoutDoc>(
  {
    sellerId: { type: String, required: true },
    grossCents: { type: Number, required: true },
    feeCents: { type: Number, required: true },
    state: { type: String, required: true },
    scheduledFor: { type: Date, required: true },
    attemptedAt: { type: Date },
    transferId: { type: String },
    transferCents: { type: Number },
    paidAt: { type: Date },
    reversalId: { type: String },
    reversedAt: { type: Date },
    lossCents: { type: Number },
    undoneReason: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'payouts', outbox: true },
);
// A seller's payouts (GET /api/payments/payouts, the release of held ones) and the held count (the metric): on
// MongoDB these indexes serve them; the local engine ignores them and reads the collection.
payoutSchema.index({ sellerId: 1, _id: -1 });
payoutSchema.index({ state: 1 });

export const Payout = defineModel<PayoutDoc>('Payout', payoutSchema);

/** The payouts, keyed by order id (no events of their own: ChargeDisputed goes out with the charge). */
export const payouts = new EntityStore(Payout);

/**
 * The payout job's working set: orders whose payout has work left (scheduled and due at `dueAt`, or to be looked at
 * again because its sale was undone). Held payouts are not in it: their seller's account is (accountWatches).
 */
export const payoutWatches = defineWatchList('PayoutWatch', 'payout_watch');

/** Sellers whose account is not enabled yet: read from Stripe periodically, the backstop of `account.updated`. */
export const accountWatches = defineWatchList('AccountWatch', 'account_watch');

/** The platform's fee on `grossCents` at `feeBps` basis points, rounded down to the cent (DESIGN §12). */
export function platformFeeCents(grossCents: number, feeBps: number): number {
  return Math.floor((grossCents * feeBps) / 10_000);
}
