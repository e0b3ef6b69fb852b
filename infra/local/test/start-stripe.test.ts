// npm start and Stripe (DESIGN §12, issue 25 item 7), without starting anything: with the local fake, the fake delivers
// its webhooks through the gateway to payments, signed with the secrets kept in the data dir; with the developer's
// own test-mode account (all four variables), no fake, no STRIPE_API_URL, the Payment Element with their key, and a
// clear refusal when only some are given. Also the payout settings, which reach payments only.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newBusCredentials } from '../src/bus/nats-config';
import { readStartConfig, StartConfigError } from '../src/start/config';
import type { OwnStripeAccount } from '../src/start/own-stripe-account';
import { partSpecs, type PartsContext } from '../src/start/parts';
import { loadOrCreateSecrets } from '../src/start/secrets';

const context: PartsContext = {
  dataDir: '/data',
  gatewayPort: 18_080,
  portBase: 20_000,
  expirationWindowSeconds: 30,
  eventsMinLeadSeconds: 5,
  logLevel: 'warn',
  engines: {
    mongoUri: 'mongodb://127.0.0.1:40001',
    natsUrl: 'nats://127.0.0.1:40002',
    redisUrl: 'redis://:redis-pw@127.0.0.1:40003',
  },
  secrets: {
    jwtKey: 'k'.repeat(48),
    stripeSecretKey: 'sk_test_local',
    bus: newBusCredentials(),
    redisPassword: 'redis-pw',
    eticketPrivateKey: '-----BEGIN PRIVATE KEY-----e-ticket',
    queuePassKey: 'q'.repeat(48),
    stripeWebhookSecret: 'whsec_platform',
    stripeConnectWebhookSecret: 'whsec_connect',
  },
  // A developer's shell with their keys exported: the launcher decides who gets them, nothing is inherited.
  baseEnv: {
    PATH: '/usr/bin',
    STRIPE_SECRET_KEY: 'sk_test_from_shell',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_from_shell',
    STRIPE_WEBHOOK_SECRET: 'whsec_from_shell',
    STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_from_shell',
    PAYOUT_DELAY_SECONDS: '7',
    PLATFORM_FEE_BPS: '250',
  },
};

const OWN: OwnStripeAccount = {
  secretKey: 'sk_test_own',
  publishableKey: 'pk_test_own',
  webhookSecret: 'whsec_own_platform',
  connectWebhookSecret: 'whsec_own_connect',
};

function envsOf(ctx: PartsContext): Record<string, Record<string, string>> {
  return Object.fromEntries(partSpecs(ctx).map((spec) => [spec.name, spec.env]));
}

/** The parts other than `except` that hold any of `names`. */
function holdersOf(envs: Record<string, Record<string, string>>, names: string[], except: string[]): string[] {
  return Object.entries(envs)
    .filter(([part, env]) => !except.includes(part) && names.some((name) => name in env))
    .map(([part]) => part);
}

describe('npm start with the local Stripe fake', () => {
  const envs = envsOf(context);

  test('When the system starts, then the fake delivers both kinds of webhook through the gateway to payments, signed with the secrets payments verifies', () => {
    expect(envs.payments).toMatchObject({
      // Where Stripe's onboarding pages send the seller back: the site as the browser has it.
      CLIENT_URL: 'http://localhost:18080',
      STRIPE_SECRET_KEY: 'sk_test_local',
      STRIPE_API_URL: 'http://127.0.0.1:28111',
      STRIPE_WEBHOOK_SECRET: 'whsec_platform',
      STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_connect',
    });
    expect(envs['stripe-fake']).toMatchObject({
      STRIPE_FAKE_WEBHOOK_URL: 'http://127.0.0.1:18080/api/payments/stripe/webhook',
      STRIPE_WEBHOOK_SECRET: 'whsec_platform',
      STRIPE_FAKE_CONNECT_WEBHOOK_URL: 'http://127.0.0.1:18080/api/payments/stripe/connect-webhook',
      STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_connect',
    });
    expect(envs.client).toMatchObject({ STRIPE_TEST_CARDS: 'true' });
  });

  test("When the developer's shell holds Stripe variables, then only payments (and the fake, its webhook secrets) gets Stripe's secrets, and they are the fake's", () => {
    const webhookSecrets = ['STRIPE_WEBHOOK_SECRET', 'STRIPE_CONNECT_WEBHOOK_SECRET'];

    expect(holdersOf(envs, ['STRIPE_SECRET_KEY'], ['payments'])).toEqual([]);
    expect(holdersOf(envs, webhookSecrets, ['payments', 'stripe-fake'])).toEqual([]);
    expect(envs.client).not.toHaveProperty('STRIPE_PUBLISHABLE_KEY');
  });

  test('When payout settings are given, then payments gets them and no other part; unset, payments keeps its defaults', () => {
    const set = envsOf({ ...context, payouts: { delaySeconds: 2, platformFeeBps: 1000 } });

    expect(set.payments).toMatchObject({ PAYOUT_DELAY_SECONDS: '2', PLATFORM_FEE_BPS: '1000' });
    expect(holdersOf(set, ['PAYOUT_DELAY_SECONDS', 'PLATFORM_FEE_BPS'], ['payments'])).toEqual([]);
    expect(envs.payments).not.toHaveProperty('PAYOUT_DELAY_SECONDS');
    expect(envs.payments).not.toHaveProperty('PLATFORM_FEE_BPS');
  });
});

describe("npm start with the developer's own Stripe account", () => {
  const envs = envsOf({ ...context, ownStripe: OWN, clientPayments: { testCards: true } });

  test('When the four variables are set, then no fake runs, payments talks to Stripe itself with the own keys and secrets, and the client runs the Payment Element', () => {
    expect(Object.keys(envs)).toEqual([
      'auth',
      'tickets',
      'orders',
      'expiration',
      'payments',
      'queue',
      'client',
      'gateway',
    ]);
    expect(envs.payments).toMatchObject({
      CLIENT_URL: 'http://localhost:18080',
      STRIPE_SECRET_KEY: 'sk_test_own',
      STRIPE_WEBHOOK_SECRET: 'whsec_own_platform',
      STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_own_connect',
    });
    // The SDK's default, api.stripe.com.
    expect(envs.payments).not.toHaveProperty('STRIPE_API_URL');
    expect(envs.client).toMatchObject({ STRIPE_PUBLISHABLE_KEY: 'pk_test_own' });
    expect(envs.client).not.toHaveProperty('STRIPE_TEST_CARDS');
    // No exception in the page's CSP for a stand-in of Stripe.js: the real one is loaded.
    expect(envs.client).not.toHaveProperty('STRIPE_TEST_ORIGIN');
    expect(holdersOf(envs, ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'], ['payments'])).toEqual([]);
  });

  test('When npm start reads all four variables, then it runs on the own account', () => {
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_own',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_own',
      STRIPE_WEBHOOK_SECRET: 'whsec_own_platform',
      STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_own_connect',
      PAYOUT_DELAY_SECONDS: '60',
      PLATFORM_FEE_BPS: '500',
    };

    expect(readStartConfig(env, [], '/repo')).toMatchObject({
      ownStripe: OWN,
      payoutDelaySeconds: 60,
      platformFeeBps: 500,
    });
    expect(readStartConfig({}, [], '/repo')).not.toHaveProperty('ownStripe');
  });

  test('When only the secret key is set, then npm start refuses, naming what is missing and the stripe listen command that prints the webhook secrets', () => {
    const read = () => readStartConfig({ STRIPE_SECRET_KEY: 'sk_test_own', GATEWAY_PORT: '9090' }, [], '/repo');

    expect(read).toThrow(StartConfigError);
    expect(read).toThrow('missing: STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_CONNECT_WEBHOOK_SECRET\n');
    expect(read).toThrow(
      'stripe listen --forward-to http://localhost:9090/api/payments/stripe/webhook ' +
        '--forward-connect-to http://localhost:9090/api/payments/stripe/connect-webhook',
    );
  });

  test('When a live key or a malformed secret is given, then npm start refuses it by name (test mode only)', () => {
    const env = {
      STRIPE_SECRET_KEY: 'sk_live_own',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_own',
      STRIPE_WEBHOOK_SECRET: 'whsec_own',
      STRIPE_CONNECT_WEBHOOK_SECRET: 'own',
    };
    const read = () => readStartConfig(env, [], '/repo');

    expect(read).toThrow(/STRIPE_SECRET_KEY must be a test-mode secret key \(sk_test_…\)/);
    expect(read).toThrow(/STRIPE_CONNECT_WEBHOOK_SECRET must be a webhook signing secret \(whsec_…\)/);
    expect(read).not.toThrow(/missing:/);
  });

  test('When a payout setting is out of range, then npm start refuses it by name', () => {
    expect(() => readStartConfig({ PLATFORM_FEE_BPS: '10001' }, [], '/repo')).toThrow(/PLATFORM_FEE_BPS/);
    expect(() => readStartConfig({ PAYOUT_DELAY_SECONDS: 'soon' }, [], '/repo')).toThrow(/PAYOUT_DELAY_SECONDS/);
  });
});

describe("the data dir's secrets", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), 'secrets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('When a secrets file from before the webhooks is read, then it gains two webhook secrets, kept from then on, and keeps every other secret', async () => {
    const file = path.join(dir, 'secrets.json');
    const made = await loadOrCreateSecrets(file);
    const {
      stripeWebhookSecret: _platform,
      stripeConnectWebhookSecret: _connect,
      stripeSecretKey: _key,
      ...older
    } = made;
    await writeFile(file, JSON.stringify(older));

    const upgraded = await loadOrCreateSecrets(file);
    const again = await loadOrCreateSecrets(file);

    expect(upgraded).toMatchObject(older);
    expect(upgraded.stripeWebhookSecret).toMatch(/^whsec_[\w-]{43}$/);
    expect(upgraded.stripeConnectWebhookSecret).toMatch(/^whsec_[\w-]{43}$/);
    expect(upgraded.stripeConnectWebhookSecret).not.toBe(upgraded.stripeWebhookSecret);
    expect(again).toEqual(upgraded);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      stripeWebhookSecret: upgraded.stripeWebhookSecret,
    });
  });
});
