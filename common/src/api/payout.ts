/**
 * A seller's Stripe Connect account as payments sees it (DESIGN §12 "Seller payouts"): `none` before they start
 * onboarding, `pending` until Stripe says payouts are enabled and the `transfers` capability is active, then `enabled`.
 */
export type PayoutAccountStatus = 'none' | 'pending' | 'enabled';

/**
 * Where a sale's money stands for its seller: `held` until their account is enabled, `scheduled` for after the event,
 * `paid` (transferred), `reversed` (given back to the buyer: a refund or a dispute), or `lost` (the platform's loss).
 */
export type PayoutState = 'held' | 'scheduled' | 'paid' | 'reversed' | 'lost';

/** One sale's payout (dollars): `amount` = `gross` − `fee`, what the seller receives. */
export interface PayoutJson {
  orderId: string;
  /** What the buyer paid. */
  gross: number;
  /** The platform's fee: floor(cents × PLATFORM_FEE_BPS / 10,000). */
  fee: number;
  amount: number;
  state: PayoutState;
  /** ISO 8601: when it is (or, once the account is enabled, would be) transferred; for held and scheduled payouts. */
  scheduledFor?: string;
  /** ISO 8601: when it was transferred. */
  paidAt?: string;
}

/** Sums of `amount` by state, in dollars. */
export type PayoutTotals = Record<PayoutState, number>;

/** GET /api/payments/payouts (signed in): the seller's account, a page of their payouts newest first, and totals. */
export interface SellerPayoutsJson {
  account: { status: PayoutAccountStatus };
  payouts: PayoutJson[];
  totals: PayoutTotals;
  /** The `before` of the next page, when there may be one. */
  next?: string;
}

/** POST /api/payments/payouts/account: a fresh, single-use link to the account's onboarding at Stripe. */
export interface OnboardingJson {
  onboardingUrl: string;
}
