import type { EventJson, TicketEventJson } from '@ticketing/common';
import Link from 'next/link';
import { categoryLabel, eventClosedReason } from '@/lib/events';
import { EventDate } from './event-date';

/** Where and when an event is, as a details list (the event page, the sell form, a ticket's page). */
export function EventDetails({
  event,
  link = false,
}: {
  event: TicketEventJson & Partial<Pick<EventJson, 'category'>>;
  /** Name the event with a link to its page (where the event is not the page's subject). */
  link?: boolean;
}) {
  return (
    <dl className="details" data-testid="event-details" data-event-id={event.id}>
      {link && (
        <>
          <dt>Event</dt>
          <dd>
            <Link href={`/events/${event.id}`} data-testid="event-link">
              {event.title}
            </Link>
          </dd>
        </>
      )}
      <dt>When</dt>
      <dd>
        <EventDate iso={event.startsAt} testId="event-date" />
      </dd>
      <dt>Where</dt>
      <dd data-testid="event-where">
        {event.venue}, {event.city}
      </dd>
      {event.category && (
        <>
          <dt>Category</dt>
          <dd data-testid="event-category">{categoryLabel[event.category] ?? event.category}</dd>
        </>
      )}
    </dl>
  );
}

/** "This event was cancelled" or "The event has started", when one is so; nothing while the event is on. */
export function EventClosedNotice({ event }: { event: Pick<EventJson, 'startsAt' | 'status'> }) {
  const reason = eventClosedReason(event);
  if (!reason) return null;
  return (
    <p
      className="notice"
      data-testid="event-closed"
      data-reason={event.status === 'cancelled' ? 'cancelled' : 'started'}
    >
      {reason}.
    </p>
  );
}
