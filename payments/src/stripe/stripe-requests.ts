// Every request payments sends to Stripe, as the SDK's arguments: what `@ticketing/payments/stripe-requests` exports
// to infra/stripe-fake's parity test (stripe-mock checks each against Stripe's OpenAPI).
export * from './payment-requests';
export * from './payout-requests';
