/** Stripe's test PaymentMethods that the local Stripe fake (and Stripe test mode) understand (DESIGN §7). */
export const TEST_CARDS = [
  { paymentMethod: 'pm_card_visa', label: 'Visa (succeeds) — pm_card_visa' },
  { paymentMethod: 'pm_card_chargeDeclined', label: 'Declined card — pm_card_chargeDeclined' },
] as const;
