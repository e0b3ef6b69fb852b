// The connected accounts' available balances, per currency. Transfers add to them, reversals take from them (and
// are refused when short, as Stripe refuses them), and a test control pays them out to the seller's bank.
import type { StripeState } from '../state';

export function availableBalance(state: StripeState, account: string, currency: string): number {
  return state.connectedBalances.get(account)?.get(currency) ?? 0;
}

/** Adds `amount` (negative to take) to the account's available balance in `currency`. */
export function adjustBalance(state: StripeState, account: string, currency: string, amount: number): void {
  const balances = state.connectedBalances.get(account) ?? new Map<string, number>();
  balances.set(currency, (balances.get(currency) ?? 0) + amount);
  state.connectedBalances.set(account, balances);
}

/** Stripe's Balance `available` list for an account: `[{ amount, currency }]`. */
export function balanceList(state: StripeState, account: string): Array<{ amount: number; currency: string }> {
  return [...(state.connectedBalances.get(account) ?? new Map<string, number>())].map(([currency, amount]) => ({
    amount,
    currency,
  }));
}
