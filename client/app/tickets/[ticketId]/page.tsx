import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/alert';
import { PurchaseButton } from '@/components/purchase-button';
import { StatusBadge } from '@/components/status-badge';
import { getCurrentUser, getTicket } from '@/lib/api-server';
import { formatPrice, isObjectId, ticketStatusLabel } from '@/lib/format';

export const metadata: Metadata = { title: 'Ticket' };

type TicketPageProps = { params: Promise<{ ticketId: string }> };

export default async function TicketPage({ params }: TicketPageProps) {
  const { ticketId } = await params;
  if (!isObjectId(ticketId)) notFound();
  const [result, currentUser] = await Promise.all([getTicket(ticketId), getCurrentUser()]);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) {
    return (
      <Alert messages={result.errors.map((e) => e.message)} title="Could not load this ticket" testId="ticket-error" />
    );
  }

  const ticket = result.data;
  const mine = currentUser?.id === ticket.userId;
  return (
    <section className="card narrow" data-testid="ticket" data-ticket-id={ticket.id}>
      <h1 data-testid="ticket-title">{ticket.title}</h1>
      <dl className="details">
        <dt>Price</dt>
        <dd data-testid="ticket-price">{formatPrice(ticket.price)}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge
            status={ticket.status}
            label={ticketStatusLabel[ticket.status] ?? ticket.status}
            testId="ticket-status"
          />
        </dd>
      </dl>

      {mine ? (
        <p className="actions">
          <span className="hint">You are selling this ticket.</span>{' '}
          <Link href={`/tickets/${ticket.id}/edit`} className="button button-secondary" data-testid="edit-link">
            Edit
          </Link>
        </p>
      ) : ticket.status !== 'available' ? (
        <p className="hint" data-testid="ticket-unavailable">
          {ticket.status === 'sold'
            ? 'This ticket has been sold.'
            : 'This ticket is reserved by an order right now. Check back in a few minutes.'}
        </p>
      ) : currentUser ? (
        <PurchaseButton ticketId={ticket.id} />
      ) : (
        <p className="hint" data-testid="signin-to-purchase">
          <Link href="/auth/signin">Sign in</Link> to purchase this ticket.
        </p>
      )}
    </section>
  );
}
