// The currencies the fake accepts, with Stripe's minimum and maximum charge amounts in the smallest unit
// (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). Ticketing charges in usd only; the two
// others are here so that a currency check is a real check, not a comparison with 'usd'.

interface Currency {
  symbol: string;
  minimum: number;
  maximum: number;
}

const CURRENCIES: Record<string, Currency> = {
  usd: { symbol: '$', minimum: 50, maximum: 99_999_999 },
  eur: { symbol: '€', minimum: 50, maximum: 99_999_999 },
  gbp: { symbol: '£', minimum: 30, maximum: 99_999_999 },
};

export const supportedCurrencies = Object.keys(CURRENCIES);

export function findCurrency(code: string): Currency | undefined {
  return Object.hasOwn(CURRENCIES, code) ? CURRENCIES[code] : undefined;
}

/** `$0.50`: how Stripe writes an amount in its messages (all supported currencies have two decimals). */
export function formatAmount(currency: string, amount: number): string {
  const symbol = findCurrency(currency)?.symbol ?? '';
  const major = (amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${symbol}${major}`;
}
