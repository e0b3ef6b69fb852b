import type { ChargeStatus, OrderStatus, PayoutState, TicketStatus } from '@ticketing/common';

/** Dollars as the mockups show them: `$20`, `$20.50`. */
export function formatPrice(price: number): string {
  return Number.isInteger(price) ? `$${price}` : `$${price.toFixed(2)}`;
}

export const ticketStatusLabel: Record<TicketStatus, string> = {
  available: 'Available',
  reserved: 'Reserved',
  sold: 'Sold',
  withdrawn: 'Withdrawn',
};

export const orderStatusLabel: Record<OrderStatus, string> = {
  created: 'Awaiting payment',
  'awaiting:payment': 'Awaiting payment',
  cancelled: 'Cancelled',
  completed: 'Complete',
};

export const chargeStatusLabel: Record<ChargeStatus, string> = {
  created: 'Pending',
  failed: 'Declined',
  completed: 'Paid',
};

export const payoutStateLabel: Record<PayoutState, string> = {
  held: 'Held',
  scheduled: 'Scheduled',
  paid: 'Paid',
  reversed: 'Reversed',
  lost: 'Lost',
};

/** An order can still be paid while it is open; the deadline is checked separately. */
export function isOrderOpen(status: OrderStatus): boolean {
  return status === 'created' || status === 'awaiting:payment';
}

const PRICE_PATTERN = /^\d+(\.\d{1,2})?$/;

// The tickets service's range (DESIGN §10): $0.50 is Stripe's minimum charge.
const MIN_PRICE = 0.5;
const MAX_PRICE = 100_000;
/** What the ticket form says about the price, before and after a wrong one. */
export const PRICE_RANGE = 'Price must be from $0.50 to $100,000';

/**
 * Reads the price input. Returns the number, or a message for the price field. The API validates
 * again; this only spares a round trip for what is obviously not a price (DESIGN §4: dollars, at most 2 decimals, within the range).
 */
export function parsePriceInput(input: string): { price: number } | { error: string } {
  const text = input.trim();
  if (text === '') return { error: 'Price is required' };
  if (!PRICE_PATTERN.test(text)) return { error: 'Price must be a number of dollars with at most 2 decimals' };
  const price = Number(text);
  if (price < MIN_PRICE || price > MAX_PRICE) return { error: PRICE_RANGE };
  return { price };
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Ids in URLs are checked before they reach the API, so a typo is a 404 page, not a 400 from a service. */
export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}
