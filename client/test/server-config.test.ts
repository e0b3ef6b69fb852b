import { ConfigError, paymentConfig, serverConfig } from '../src/lib/server-config';

describe('paymentConfig', () => {
  test('When the publishable key is set and test cards are off, then the Payment Element gets that key', () => {
    const config = paymentConfig({ STRIPE_PUBLISHABLE_KEY: ' pk_live_51Abc123 ' });

    expect(config).toEqual({ kind: 'payment-element', publishableKey: 'pk_live_51Abc123' });
  });

  test('When test cards are on, then no key is needed', () => {
    expect(paymentConfig({ STRIPE_TEST_CARDS: 'true' })).toEqual({ kind: 'test-cards' });
  });

  test('When neither test cards nor a publishable key are set, then the start is refused: nobody could pay', () => {
    expect(() => paymentConfig({})).toThrow(ConfigError);
    expect(() => paymentConfig({ STRIPE_TEST_CARDS: 'false' })).toThrow(/STRIPE_PUBLISHABLE_KEY is required/);
  });

  test('When the key is a secret key, then the start is refused, naming why: it would reach every browser', () => {
    expect(() => paymentConfig({ STRIPE_PUBLISHABLE_KEY: 'sk_live_51Abc' })).toThrow(/is a secret key/);
    expect(() => paymentConfig({ STRIPE_PUBLISHABLE_KEY: 'rk_test_51Abc', STRIPE_TEST_CARDS: 'true' })).toThrow(
      /is a secret key/,
    );
  });

  test('When the key is not a Stripe key, then the start is refused', () => {
    expect(() => paymentConfig({ STRIPE_PUBLISHABLE_KEY: 'pk_prod_x' })).toThrow(/must be a Stripe publishable key/);
  });
});

describe('serverConfig', () => {
  test('When API_URL is not a URL, then the start is refused naming it', () => {
    expect(() => serverConfig({ API_URL: 'not a url' })).toThrow(/API_URL is not a URL/);
  });

  test('When no payment variable is set, then the API settings are still read (next build renders without them)', () => {
    expect(serverConfig({}).apiUrl.href).toBe('http://localhost:8080/');
  });
});
