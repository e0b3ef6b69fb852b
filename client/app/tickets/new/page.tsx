import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/alert';
import { EventClosedNotice, EventDetails } from '@/components/event-details';
import { EventForm } from '@/components/event-form';
import { EventList } from '@/components/event-list';
import { EventSearchForm, SEARCH_FIELDS } from '@/components/event-search-form';
import { LoadFailed } from '@/components/load-failed';
import { SignInRequired } from '@/components/sign-in-required';
import { TicketForm } from '@/components/ticket-form';
import { getCurrentUser, getEvent, searchEvents } from '@/lib/api-server';
import { isFiltered, parseEventSearch } from '@/lib/event-search';
import { eventClosedReason } from '@/lib/events';
import { NO_ERRORS, splitErrors } from '@/lib/field-errors';
import { isObjectId } from '@/lib/format';

export const metadata: Metadata = { title: 'Sell a ticket' };

type SearchParams = Record<string, string | string[] | undefined>;
type NewTicketPageProps = { searchParams: Promise<SearchParams> };

const SELL = '/tickets/new';

/**
 * Selling starts by finding the event or creating it (DESIGN §12 "Pages"), each step a URL: the search
 * (`/tickets/new?q=…`), the ticket for an event (`?eventId=…`, also where an event page's "Sell a ticket for this
 * event" leads), or a ticket without one (`?event=none`, the seed's kind, among the "Other listings").
 */
export default async function NewTicketPage({ searchParams }: NewTicketPageProps) {
  const params = await searchParams;
  const currentUser = await getCurrentUser();
  if (!currentUser) {
    return (
      <div className="narrow">
        <h1>Sell a ticket</h1>
        <SignInRequired action="sell tickets" />
      </div>
    );
  }
  if (params.event === 'none') return <WithoutEvent />;
  const eventId = typeof params.eventId === 'string' ? params.eventId : undefined;
  if (eventId !== undefined && isObjectId(eventId)) return <ForEvent eventId={eventId} />;
  return (
    <FindEvent
      params={params}
      unknownEvent={eventId !== undefined}
      admin={currentUser.roles?.includes('admin') ?? false}
    />
  );
}

/** The ticket form for one event, or why it cannot be listed for. */
async function ForEvent({ eventId }: { eventId: string }) {
  const result = await getEvent(eventId);
  return (
    <div className="narrow">
      <h1>Sell a ticket</h1>
      {!result.ok ? (
        result.status === 404 ? (
          <Alert messages={['That event does not exist.']} title="Event not found" testId="event-not-found" />
        ) : (
          <LoadFailed failure={result} title="Could not load the event" testId="event-error" />
        )
      ) : (
        <section className="card" aria-labelledby="sell-event-title" data-testid="sell-event">
          <h2 id="sell-event-title" data-testid="event-title">
            {result.data.title}
          </h2>
          <EventDetails event={result.data} />
          <EventClosedNotice event={result.data} />
          {eventClosedReason(result.data) === null && <TicketForm eventId={result.data.id} />}
        </section>
      )}
      <p className="aside">
        <Link href={SELL} data-testid="choose-another-event">
          Choose another event
        </Link>
      </p>
    </div>
  );
}

function WithoutEvent() {
  return (
    <div className="narrow">
      <h1>Sell a ticket</h1>
      <p className="aside">
        Without an event, your ticket is found by its title among the other listings.{' '}
        <Link href={SELL}>Find its event instead</Link>
      </p>
      <TicketForm />
    </div>
  );
}

/**
 * The first step: search the events (a GET form, as on the home page) or create the one that is missing (an admin
 * with the on-sale fields too).
 */
async function FindEvent({
  params,
  unknownEvent,
  admin,
}: {
  params: SearchParams;
  unknownEvent: boolean;
  admin: boolean;
}) {
  const search = parseEventSearch(params);
  // Before a search, no list: the form to create the event stays in view under the search.
  const result = isFiltered(search) ? await searchEvents(search) : null;
  const refused = result && !result.ok && result.status === 400 ? splitErrors(result.errors, SEARCH_FIELDS) : NO_ERRORS;
  return (
    <>
      <h1>Sell a ticket</h1>
      {unknownEvent && (
        <Alert messages={['That event does not exist.']} title="Event not found" testId="event-not-found" />
      )}
      <section aria-labelledby="find-event-heading" data-testid="find-event">
        <h2 id="find-event-heading">Which event is it for?</h2>
        <EventSearchForm search={search} errors={refused.byField} basePath={SELL} />
        {!result ? (
          <p className="aside">Search for the event by its name, venue or city, or create it below.</p>
        ) : !result.ok ? (
          result.status === 400 ? (
            <Alert messages={refused.general} title="Could not search the events" testId="events-error" />
          ) : (
            <LoadFailed failure={result} title="Could not load the events" testId="events-error" />
          )
        ) : result.data.events.length === 0 ? (
          <p className="empty" data-testid="events-empty">
            No upcoming event matches. Create it below.
          </p>
        ) : (
          <EventList events={result.data.events} eventHref={(id) => `${SELL}?eventId=${id}`} headingLevel={3} />
        )}
      </section>
      <section className="narrow" aria-labelledby="create-event-heading" data-testid="create-event">
        <h2 id="create-event-heading">Not listed? Create the event</h2>
        <EventForm admin={admin} />
      </section>
      <p className="aside">
        <Link href={`${SELL}?event=none`} data-testid="sell-without-event">
          List a ticket without an event
        </Link>
      </p>
    </>
  );
}
