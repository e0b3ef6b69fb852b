import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveTicketStatus, TicketStatusProvider } from '@/components/live-ticket-status';
import { LoadFailed } from '@/components/load-failed';
import { StatusBadge } from '@/components/status-badge';
import { Table } from '@/components/table';
import { Pager } from '@/components/pager';
import { getCurrentUser, listTickets } from '@/lib/api-server';
import { pageCursor, pagePath } from '@/lib/page';
import { formatPrice } from '@/lib/format';

export const metadata: Metadata = { title: 'All listings' };

type AllListingsProps = { searchParams: Promise<{ before?: string | string[] }> };

/**
 * Every ticket for sale, newest first (GET /api/tickets, the seed's list): those listed for an event, with it, and the
 * "other listings", tickets listed without one (DESIGN §12), which no event page shows.
 */
export default async function AllListingsPage({ searchParams }: AllListingsProps) {
  const { before } = await searchParams;
  const cursor = pageCursor(before);
  const [result, currentUser] = await Promise.all([listTickets(cursor), getCurrentUser()]);

  return (
    <>
      <h1>All listings</h1>
      <p className="aside">
        Every ticket for sale, newest first, including the ones listed without an event.{' '}
        <Link href="/">Find an event</Link>
      </p>
      {!result.ok ? (
        <LoadFailed failure={result} title="Could not load the tickets" testId="tickets-error" />
      ) : result.data.length === 0 ? (
        <p className="empty" data-testid="tickets-empty">
          {cursor ? 'No older tickets.' : 'No tickets for sale yet.'}{' '}
          {currentUser && <Link href="/tickets/new">Sell the first one</Link>}
        </p>
      ) : (
        <TicketStatusProvider
          initial={result.data.map(({ id, version, status }) => ({ id, version, status }))}
          resyncPath={pagePath('/api/tickets', cursor)}
        >
          <Table testId="tickets-table" columns={['Title', 'Event', 'Price', 'Status', { hidden: 'Link' }]}>
            {result.data.map((ticket) => (
              <tr key={ticket.id} data-testid="ticket-row" data-ticket-id={ticket.id}>
                <td data-testid="ticket-title">{ticket.title}</td>
                <td data-testid="ticket-event">
                  {ticket.event ? (
                    <>
                      <Link href={`/events/${ticket.event.id}`}>{ticket.event.title}</Link>
                      {ticket.event.status === 'cancelled' && (
                        <>
                          {' '}
                          <StatusBadge status="cancelled" label="Cancelled" testId="event-cancelled" />
                        </>
                      )}
                    </>
                  ) : (
                    <>
                      <span aria-hidden="true">—</span>
                      <span className="visually-hidden">No event</span>
                    </>
                  )}
                </td>
                <td data-testid="ticket-price">{formatPrice(ticket.price)}</td>
                <td>
                  <LiveTicketStatus id={ticket.id} status={ticket.status} />
                </td>
                <td>
                  <Link href={`/tickets/${ticket.id}`} data-testid="ticket-link">
                    View<span className="visually-hidden"> {ticket.title}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </Table>
          <Pager basePath="/tickets" cursor={cursor} items={result.data} noun="tickets" />
        </TicketStatusProvider>
      )}
    </>
  );
}
