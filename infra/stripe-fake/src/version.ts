/** The API version the fake reports when a request names none (the SDK always names its own), and events carry. */
export const DEFAULT_STRIPE_VERSION = '2025-09-30.clover';
