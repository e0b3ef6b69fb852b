import { randomUUID } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { createPageCache, type RenderedPage } from './page-cache';

/**
 * The list pages (the events at `/`, all listings at `/tickets`) are the same for every request of one visitor
 * within a second, and rendering the tickets page cost ~16 ms of CPU against ~1 ms for the JSON it is made from
 * (bench/RESULTS.md, issue 13). So their HTML is kept for at most 1 s from the start of its render: a ticket's
 * status or an event's listings on them are never older than that.
 */
export const TICKETS_PAGE_MAX_AGE_MS = 1_000;

// The cache's own request to this server carries this header, so that the middleware lets it through to the page.
// A random value per process: nobody outside can make the middleware skip the cache for them.
const RENDER_HEADER = 'x-ticketing-page-render';
const RENDER_TOKEN = randomUUID();

// Not passed on from the cached answer: they describe one connection or one encoding of the body, not the page.
const CONNECTION_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'date',
]);

const pageFor = createPageCache({
  maxAgeMs: TICKETS_PAGE_MAX_AGE_MS,
  maxEntries: 1_000,
  render: renderHere,
});

/**
 * The tickets page for this request from the cache (rendered if need be), or undefined when the request must reach
 * the page itself: anything but a browser's load of the document, the cache's own render request, or an answer that
 * is not shared (an error, a Set-Cookie).
 */
export async function cachedTicketsPage(request: NextRequest): Promise<Response | undefined> {
  if (request.method !== 'GET' || request.headers.get(RENDER_HEADER) === RENDER_TOKEN) return undefined;
  // Next's client navigations fetch the RSC payload of the same URL, and Next hides their RSC headers and `_rsc`
  // query from middleware. What tells them apart is what they accept: a page load asks for text/html, Next's fetch()
  // for anything (*/*). Only page loads are answered from the cache.
  if (!request.headers.get('accept')?.includes('text/html')) return undefined;
  // The page depends on the URL (the search, the cursor) and on who is signed in (the Cookie header, forwarded to the
  // API as it is): the same cookies, the same page.
  const key = `${request.nextUrl.pathname}${request.nextUrl.search}\n${request.headers.get('cookie') ?? ''}`;
  const page = await pageFor(key, request);
  if (!page) return undefined;
  // The body is copied into each Response (the Fetch standard's "extract a body"), so the cached bytes stay intact.
  return new Response(page.body, {
    status: page.status,
    headers: page.headers.map(([name, value]): [string, string] => [name, value]),
  });
}

/** Renders the page by asking this very server for it, with the visitor's headers and the render token. */
async function renderHere(request: Request): Promise<RenderedPage | undefined> {
  const url = new URL(request.url);
  const self = `http://127.0.0.1:${process.env.PORT?.trim() || '3000'}`;
  const headers = new Headers(request.headers);
  for (const name of ['host', 'connection', 'content-length', 'accept-encoding']) headers.delete(name);
  headers.set(RENDER_HEADER, RENDER_TOKEN);
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = await fetch(`${self}${url.pathname}${url.search}`, { headers, redirect: 'manual', cache: 'no-store' });
    body = await response.arrayBuffer();
  } catch {
    // This server could not be asked (it is stopping): the request goes on to the page as if there were no cache.
    return undefined;
  }
  if (response.status !== 200 || response.headers.has('set-cookie')) return undefined;
  const kept = [...response.headers].filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()));
  return { status: response.status, headers: kept, body };
}
