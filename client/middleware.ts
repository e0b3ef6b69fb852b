import { NextResponse, type NextRequest } from 'next/server';
import { securityHeaders } from '@/lib/security-headers';
import { cachedTicketsPage } from '@/lib/tickets-page-cache';

// Every page (not Next's static files, which carry no script of their own). The Node.js runtime: the list pages'
// cache lives in this server's memory, shared by its requests.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
  runtime: 'nodejs',
};

/** The pages everyone opens first, and that show the same to every request of a visitor within a second. */
const CACHED_PAGES = new Set(['/', '/tickets']);

export async function middleware(request: NextRequest): Promise<Response> {
  // The events (home) and all-listings pages from their 1 s cache (tickets-page-cache.ts): the cached answer keeps
  // the headers of its render, so its CSP names the nonce its HTML carries.
  if (CACHED_PAGES.has(request.nextUrl.pathname)) {
    const cached = await cachedTicketsPage(request);
    if (cached) return cached;
  }
  const headers = securityHeaders({
    nonce: btoa(crypto.randomUUID()),
    // The gateway and the Ingress say how the browser reached them; locally that is plain http.
    https: request.headers.get('x-forwarded-proto') === 'https',
    development: process.env.NODE_ENV === 'development',
    stripeTestOrigin: process.env.STRIPE_TEST_ORIGIN?.trim() || undefined,
  });
  // Next.js reads the nonce from the request's CSP and puts it on the scripts it renders.
  const forwarded = new Headers(request.headers);
  forwarded.set('content-security-policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
