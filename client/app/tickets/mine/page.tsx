import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/alert';
import { ListingEditLink } from '@/components/listing-edit-link';
import { LiveTicketStatus, TicketStatusProvider } from '@/components/live-ticket-status';
import { SignInRequired } from '@/components/sign-in-required';
import { listMyTickets } from '@/lib/api-server';
import { formatPrice } from '@/lib/format';

export const metadata: Metadata = { title: 'My listings' };

/** The seller's own tickets (GET /api/tickets/mine), each with its live status and an Edit link while editable. */
export default async function MyListingsPage() {
  const result = await listMyTickets();
  if (!result.ok) {
    return (
      <>
        <h1>My listings</h1>
        {result.status === 401 ? (
          <SignInRequired action="see your listings" />
        ) : (
          <Alert
            messages={result.errors.map((e) => e.message)}
            title="Could not load your listings"
            testId="listings-error"
          />
        )}
      </>
    );
  }
  const tickets = result.data;
  return (
    <>
      <h1>My listings</h1>
      {tickets.length === 0 ? (
        <p className="empty" data-testid="listings-empty">
          You are not selling any tickets yet. <Link href="/tickets/new">Sell a ticket</Link>
        </p>
      ) : (
        <TicketStatusProvider
          initial={tickets.map(({ id, version, status }) => ({ id, version, status }))}
          resyncPath="/api/tickets/mine?limit=100"
        >
          <table className="table" data-testid="listings-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Price</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
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
            </tbody>
          </table>
        </TicketStatusProvider>
      )}
    </>
  );
}
