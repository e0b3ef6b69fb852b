// `npm start` against the developer's own Stripe account in test mode (README "Your own Stripe account"): with their
// keys and the webhook secrets of `stripe listen` in its environment, no fake is started, payments talks to Stripe
// itself, the Pay page runs the Payment Element and sellers onboard on Stripe's own pages.

/** The four variables that switch `npm start` to the developer's own account, all or none. */
export const OWN_STRIPE_VARIABLES = [
  'STRIPE_SECRET_KEY',
  'STRIPE_PUBLISHABLE_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_CONNECT_WEBHOOK_SECRET',
] as const;

/** The developer's own Stripe account (test mode): its keys and the secrets `stripe listen` signs with. */
export interface OwnStripeAccount {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  connectWebhookSecret: string;
}

/** The Stripe CLI command that forwards the account's events to the local gateway and prints the signing secret. */
export function stripeListenCommand(gatewayPort: number): string {
  const api = `http://localhost:${gatewayPort}/api/payments/stripe`;
  return `stripe listen --forward-to ${api}/webhook --forward-connect-to ${api}/connect-webhook`;
}

// Test mode only: `npm start` is for development, and a live key would move real money.
const PREFIXES: Record<(typeof OWN_STRIPE_VARIABLES)[number], { prefix: string; what: string }> = {
  STRIPE_SECRET_KEY: { prefix: 'sk_test_', what: 'a test-mode secret key' },
  STRIPE_PUBLISHABLE_KEY: { prefix: 'pk_test_', what: 'a test-mode publishable key' },
  STRIPE_WEBHOOK_SECRET: { prefix: 'whsec_', what: 'a webhook signing secret' },
  STRIPE_CONNECT_WEBHOOK_SECRET: { prefix: 'whsec_', what: 'a webhook signing secret' },
};

/**
 * The own account `env` names (empty variables count as unset): undefined when none of the four is set (the local
 * fake runs), the account when all four are, and otherwise a message naming what is missing or malformed and how to
 * get the webhook secrets.
 */
export function readOwnStripeAccount(
  env: Readonly<Record<string, string | undefined>>,
  gatewayPort: number,
): { account?: OwnStripeAccount; problem?: string } {
  const given = OWN_STRIPE_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  if (given.length === 0) return {};
  const missing = OWN_STRIPE_VARIABLES.filter((name) => !given.includes(name));
  const malformed = given
    .filter((name) => !env[name]?.startsWith(PREFIXES[name].prefix))
    .map((name) => `${name} must be ${PREFIXES[name].what} (${PREFIXES[name].prefix}…)`);
  if (missing.length === 0 && malformed.length === 0) {
    return {
      account: {
        secretKey: env.STRIPE_SECRET_KEY ?? '',
        publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? '',
        webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? '',
        connectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET ?? '',
      },
    };
  }
  const lines = [
    `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set: running on your own Stripe account needs all of ` +
      `${OWN_STRIPE_VARIABLES.join(', ')} (or none of them, for the local Stripe fake).`,
    ...(missing.length > 0 ? [`missing: ${missing.join(', ')}`] : []),
    ...malformed,
  ];
  if (missing.some((name) => name.endsWith('WEBHOOK_SECRET'))) {
    lines.push(
      'The webhook signing secret (the same for both) is printed by the Stripe CLI, which forwards your account’s ' +
        `events here; keep it running beside npm start:\n  ${stripeListenCommand(gatewayPort)}`,
    );
  }
  return { problem: lines.join('\n') };
}
