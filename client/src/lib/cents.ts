/** Dollars (at most 2 decimals, DESIGN §4) to cents, Stripe's unit for usd; rounding absorbs binary fractions. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}
