import { NextResponse, type NextRequest } from 'next/server';
import { cachedTicketsPage } from '@/lib/tickets-page-cache';

// Only the tickets page, which every visitor opens first and which is the same for a second (tickets-page-cache.ts).
// The Node.js runtime: the cache lives in this server's memory, shared by its requests.
export const config = { matcher: '/', runtime: 'nodejs' };

export async function middleware(request: NextRequest): Promise<Response> {
  return (await cachedTicketsPage(request)) ?? NextResponse.next();
}
