// The headers every page of the client is sent with (DESIGN §10). The API's own answers get theirs from helmet in
// common; these are for documents, which is where a Content-Security-Policy and framing rules matter.

/** Where Stripe.js lives and what it talks to (https://docs.stripe.com/security/guide#content-security-policy). */
const STRIPE_SCRIPT = 'https://js.stripe.com';
const STRIPE_FRAMES = ['https://js.stripe.com', 'https://hooks.stripe.com'];
const STRIPE_API = 'https://api.stripe.com';

export interface SecurityHeaderOptions {
  /** A fresh random value per response: Next.js puts it on its own scripts (it reads it from the request's CSP). */
  nonce: string;
  /** Served over https (the Ingress): HSTS is sent only then, since a browser ignores it over http anyway. */
  https: boolean;
  /** `next dev`: React's development build evaluates code (eval), which production never needs. */
  development: boolean;
  /**
   * Another origin Stripe.js may call and frame: only the local Stripe fake, for the browser tests' stand-in for
   * Stripe.js (a real deployment leaves it unset).
   */
  stripeTestOrigin?: string | undefined;
}

/** The Content-Security-Policy of a page: scripts only by nonce (and what they load), Stripe.js's frames and API. */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const extra = options.stripeTestOrigin ? [options.stripeTestOrigin] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic': a script the nonce allowed may load others (loadStripe adds Stripe.js's tag); the host is
    // kept for browsers without CSP level 3, which ignore 'strict-dynamic' and read the list instead.
    'script-src': [
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      STRIPE_SCRIPT,
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    // Next.js and the Payment Element set inline styles; styles cannot run code.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'https://*.stripe.com'],
    'font-src': ["'self'"],
    // 'self' covers the API and the live feeds (EventSource), served under the same host by the gateway or Ingress.
    'connect-src': ["'self'", STRIPE_API, ...extra],
    'frame-src': [...STRIPE_FRAMES, ...extra],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Every header a page is sent with. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
    ...(options.https && { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' }),
  };
}
