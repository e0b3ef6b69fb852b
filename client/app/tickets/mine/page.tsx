import type { Metadata } from 'next';
import Link from 'next/link';
import { ListingEditLink } from '@/components/listing-edit-link';
import { LiveTicketStatus, TicketStatusProvider } from '@/components/live-ticket-status';
import { LoadFailed } from '@/components/load-failed';
import { Table } from '@/components/table';
import { listMyTickets } from '@/lib/api-server';
import { formatPrice } from '@/lib/format';

export const metadata: Metadata = { title: 'My listings' };

/** The seller's own tickets (GET /api/tickets/mine), each with its live status and an Edit link while editable. */
export default async function MyListingsPage() {
  const result = await listMyTickets();
  return (
    <>
      <h1>My listings</h1>
      {!result.ok ? (
        <LoadFailed
          failure={result}
          signInTo="see your listings"
          title="Could not load your listings"
          testId="listings-error"
        />
      ) : result.data.length === 0 ? (
        <p className="empty" data-testid="listings-empty">
          You are not selling any tickets yet. <Link href="/tickets/new">Sell a ticket</Link>
        </p>
      ) : (
        <TicketStatusProvider
          initial={result.data.map(({ id, version, status }) => ({ id, version, status }))}
          resyncPath="/api/tickets/mine?limit=100"
        >
          <Table testId="listings-table" columns={['Title', 'Price', 'Status', { hidden: 'Actions' }]}>
            {result.data.map((ticket) => (
              <tr key={ticket.id} data-testid="listing-row" data-ticket-id={ticket.id}>
                <td>
                  <Link href={`/tickets/${ticket.id}`} data-testid="listing-title">
                    {ticket.title}
                  </Link>
                </td>
                <td>{formatPrice(ticket.price)}</td>
                <td>
                  <LiveTicketStatus id={ticket.id} status={ticket.status} />
                </td>
                <td>
                  <ListingEditLink id={ticket.id} title={ticket.title} status={ticket.status} />
                </td>
              </tr>
            ))}
          </Table>
        </TicketStatusProvider>
      )}
    </>
  );
}
