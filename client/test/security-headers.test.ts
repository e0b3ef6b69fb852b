import { contentSecurityPolicy, securityHeaders } from '../src/lib/security-headers';

const base = { nonce: 'bm9uY2U=', https: false, development: false };

describe('security headers', () => {
  test('When a page is served, then its scripts run only by nonce, it cannot be framed, and Stripe.js is allowed', () => {
    const csp = contentSecurityPolicy(base);

    expect(csp).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic' https://js.stripe.com");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com');
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    expect(csp).toContain("object-src 'none'");
  });

  test('When served over http, then no HSTS; over https, HSTS', () => {
    expect(securityHeaders(base)).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders({ ...base, https: true })['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}/);
    expect(securityHeaders(base)['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  });

  test('When the local Stripe fake is named, then Stripe.js may call and frame it; in development eval is allowed', () => {
    const csp = contentSecurityPolicy({ ...base, development: true, stripeTestOrigin: 'http://127.0.0.1:12111' });

    expect(csp).toContain("connect-src 'self' https://api.stripe.com http://127.0.0.1:12111");
    expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com http://127.0.0.1:12111');
    expect(csp).toContain("'unsafe-eval'");
  });
});
