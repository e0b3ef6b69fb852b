import Link from 'next/link';
import { LiveTicketStatus, TicketStatusProvider } from '@/components/live-ticket-status';
import { LoadFailed } from '@/components/load-failed';
import { Table } from '@/components/table';
import { getCurrentUser, listTickets } from '@/lib/api-server';
import { formatPrice, isObjectId } from '@/lib/format';

const PAGE_SIZE = 50;

type HomeProps = { searchParams: Promise<{ before?: string | string[] }> };

export default async function Home({ searchParams }: HomeProps) {
  const { before } = await searchParams;
  // Only a well-formed cursor is passed on; anything else shows the first page rather than a 400.
  const cursor = typeof before === 'string' && isObjectId(before) ? before : undefined;
  const [result, currentUser] = await Promise.all([listTickets(cursor), getCurrentUser()]);

  return (
    <>
      <h1>Tickets</h1>
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
          resyncPath={`/api/tickets?limit=${PAGE_SIZE}${cursor ? `&before=${cursor}` : ''}`}
        >
          <Table testId="tickets-table" columns={['Title', 'Price', 'Status', { hidden: 'Link' }]}>
            {result.data.map((ticket) => (
              <tr key={ticket.id} data-testid="ticket-row" data-ticket-id={ticket.id}>
                <td data-testid="ticket-title">{ticket.title}</td>
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
          <p className="pager">
            {cursor && <Link href="/">Newest tickets</Link>}
            {result.data.length === PAGE_SIZE && (
              <Link href={`/?before=${result.data[result.data.length - 1]?.id ?? ''}`} data-testid="tickets-older">
                Older tickets
              </Link>
            )}
          </p>
        </TicketStatusProvider>
      )}
    </>
  );
}
