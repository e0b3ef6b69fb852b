import type { EventJson } from '@ticketing/common';
import Link from 'next/link';
import { categoryLabel, listingSummary } from '@/lib/events';
import { EventDate } from './event-date';
import { StatusBadge } from './status-badge';

/** One event of a list: what, where, when, its category, and what its listings come to (or that it was cancelled). */
function EventItem({ event, href, Heading }: { event: EventJson; href: string; Heading: 'h2' | 'h3' }) {
  const cancelled = event.status === 'cancelled';
  return (
    <li className="event-card" data-testid="event-row" data-event-id={event.id} data-status={event.status}>
      <Heading className="event-title">
        <Link href={href} data-testid="event-link">
          {event.title}
        </Link>
      </Heading>
      <p className="event-meta">
        <span data-testid="event-venue">{event.venue}</span>, <span data-testid="event-city">{event.city}</span>
        {' · '}
        <EventDate iso={event.startsAt} testId="event-date" />
      </p>
      <p className="event-tags">
        <span className="tag" data-testid="event-category" data-category={event.category}>
          {categoryLabel[event.category] ?? event.category}
        </span>
        {cancelled ? (
          <StatusBadge status="cancelled" label="Cancelled" testId="event-cancelled" />
        ) : (
          <span className="event-listings" data-testid="event-listings">
            {listingSummary(event)}
          </span>
        )}
      </p>
    </li>
  );
}

/**
 * Events as the home page and the sell page list them: cards, soonest first (the API's order), each a link to
 * `eventHref(id)` (the event's page by default; the sell page's ticket form for it).
 */
export function EventList({
  events,
  eventHref = (id) => `/events/${id}`,
  headingLevel = 2,
}: {
  events: readonly EventJson[];
  eventHref?: (id: string) => string;
  /** The level of each event's title: under the page's heading (2), or under a section's (3). */
  headingLevel?: 2 | 3;
}) {
  return (
    <ul className="event-list" data-testid="events-list">
      {events.map((event) => (
        <EventItem key={event.id} event={event} href={eventHref(event.id)} Heading={`h${headingLevel}`} />
      ))}
    </ul>
  );
}
