import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LiveTicketStatus, TicketStatusProvider } from '@/components/live-ticket-status';
import { EventClosedNotice, EventDetails } from '@/components/event-details';
import { LoadFailed } from '@/components/load-failed';
import { TicketActions } from '@/components/ticket-actions';
import { getCurrentUser, getTicket } from '@/lib/api-server';
import { eventClosedReason } from '@/lib/events';
import { formatPrice, isObjectId } from '@/lib/format';

export const metadata: Metadata = { title: 'Ticket' };

type TicketPageProps = { params: Promise<{ ticketId: string }> };

export default async function TicketPage({ params }: TicketPageProps) {
  const { ticketId } = await params;
  if (!isObjectId(ticketId)) notFound();
  const [result, currentUser] = await Promise.all([getTicket(ticketId), getCurrentUser()]);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return <LoadFailed failure={result} title="Could not load this ticket" testId="ticket-error" />;

  const ticket = result.data;
  const mine = currentUser?.id === ticket.userId;
  const closed = ticket.event ? eventClosedReason(ticket.event) : null;
  return (
    <TicketStatusProvider
      initial={[{ id: ticket.id, version: ticket.version, status: ticket.status }]}
      resyncPath={`/api/tickets/${ticket.id}`}
    >
      <section className="card narrow" data-testid="ticket" data-ticket-id={ticket.id}>
        <h1 data-testid="ticket-title">{ticket.title}</h1>
        {ticket.event && <EventDetails event={ticket.event} link />}
        <dl className="details">
          <dt>Price</dt>
          <dd data-testid="ticket-price">{formatPrice(ticket.price)}</dd>
          <dt>Status</dt>
          {/* Announced when it changes while the page is open (another buyer reserves it, an order expires). */}
          <dd aria-live="polite">
            <LiveTicketStatus id={ticket.id} status={ticket.status} />
          </dd>
        </dl>
        {ticket.event && <EventClosedNotice event={ticket.event} />}
        <TicketActions
          ticketId={ticket.id}
          eventId={ticket.event?.id}
          status={ticket.status}
          mine={mine}
          signedIn={currentUser !== null}
          closed={closed !== null}
        />
      </section>
    </TicketStatusProvider>
  );
}
