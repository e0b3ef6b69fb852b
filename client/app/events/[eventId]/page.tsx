import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CancelEventButton } from '@/components/cancel-event-button';
import { EventClosedNotice, EventDetails } from '@/components/event-details';
import { LiveTicketStatus, TicketStatusProvider } from '@/components/live-ticket-status';
import { LoadFailed } from '@/components/load-failed';
import { PagerLinks } from '@/components/pager';
import { StatusBadge } from '@/components/status-badge';
import { Table } from '@/components/table';
import { WaitingRoom } from '@/components/waiting-room';
import { eventTicketsPath, getCurrentUser, getEvent, listEventTickets } from '@/lib/api-server';
import { eventClosedReason, listingSummary } from '@/lib/events';
import { formatPrice, isObjectId } from '@/lib/format';
import { showsWaitingRoom } from '@/lib/waiting-room';

export const metadata: Metadata = { title: 'Event' };

type EventPageProps = {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
};

/**
 * An event (GET /api/events/:id) and its available listings, cheapest first (GET /api/events/:id/tickets), each with
 * its live status; "Sell a ticket for this event" while it is on, and the admins' Cancel. While the event's waiting room
 * is open (DESIGN §13), the room: join, and the buyer's place live.
 */
export default async function EventPage({ params, searchParams }: EventPageProps) {
  const { eventId } = await params;
  if (!isObjectId(eventId)) notFound();
  // The API's opaque cursor of the tickets' page (its 400 for a forged one shows as the tickets' alert).
  const { after: afterParam } = await searchParams;
  const after = typeof afterParam === 'string' && afterParam ? afterParam : undefined;
  const [result, tickets, currentUser] = await Promise.all([
    getEvent(eventId),
    listEventTickets(eventId, after),
    getCurrentUser(),
  ]);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) return <LoadFailed failure={result} title="Could not load this event" testId="event-error" />;

  const event = result.data;
  const open = eventClosedReason(event) === null;
  const admin = currentUser?.roles?.includes('admin') ?? false;
  return (
    <>
      <section className="card" data-testid="event" data-event-id={event.id} data-status={event.status}>
        <h1 data-testid="event-title">
          {event.title}{' '}
          {event.status === 'cancelled' && (
            <StatusBadge status="cancelled" label="Cancelled" testId="event-cancelled" />
          )}
        </h1>
        <EventDetails event={event} />
        <EventClosedNotice event={event} />
        {open && (
          <p className="actions">
            <Link href={`/tickets/new?eventId=${event.id}`} className="button" data-testid="sell-for-event">
              Sell a ticket for this event
            </Link>
          </p>
        )}
        {admin && event.status !== 'cancelled' && (
          <p className="actions">
            <Link href={`/events/${event.id}/door`} className="button button-secondary" data-testid="door-link">
              Door: check tickets in
            </Link>
          </p>
        )}
        {admin && open && <CancelEventButton eventId={event.id} />}
      </section>

      {open && event.onSaleAt !== undefined && showsWaitingRoom(event) && (
        <WaitingRoom eventId={event.id} onSaleAt={event.onSaleAt} signedIn={currentUser !== null} />
      )}

      <h2 id="tickets">Tickets</h2>
      {!tickets.ok ? (
        <LoadFailed failure={tickets} title="Could not load the tickets" testId="event-tickets-error" />
      ) : tickets.data.tickets.length === 0 ? (
        <p className="empty" data-testid="event-tickets-empty">
          {open ? 'No tickets for sale yet.' : 'No tickets for sale.'}
        </p>
      ) : (
        <>
          <p className="aside" data-testid="event-listings">
            {listingSummary(event)}
          </p>
          <TicketStatusProvider
            initial={tickets.data.tickets.map(({ id, version, status }) => ({ id, version, status }))}
            resyncPath={eventTicketsPath(event.id, after)}
          >
            <Table testId="event-tickets" columns={['Seat', 'Price', 'Status', { hidden: 'Link' }]}>
              {tickets.data.tickets.map((ticket) => (
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
          </TicketStatusProvider>
          <PagerLinks
            first={after ? { href: `/events/${event.id}`, label: 'Cheapest tickets' } : undefined}
            next={
              tickets.data.next
                ? {
                    href: `/events/${event.id}?${new URLSearchParams({ after: tickets.data.next }).toString()}`,
                    label: 'More tickets',
                    testId: 'event-tickets-next',
                  }
                : undefined
            }
          />
        </>
      )}
    </>
  );
}
