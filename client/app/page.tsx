import Link from 'next/link';
import { Alert } from '@/components/alert';
import { EventList } from '@/components/event-list';
import { EventSearchForm, SEARCH_FIELDS } from '@/components/event-search-form';
import { LoadFailed } from '@/components/load-failed';
import { PagerLinks } from '@/components/pager';
import { getCurrentUser, searchEvents } from '@/lib/api-server';
import { isFiltered, parseEventSearch, searchHref } from '@/lib/event-search';
import { NO_ERRORS, splitErrors } from '@/lib/field-errors';

type HomeProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Upcoming events (DESIGN §12 "Pages"): the search is the URL's query (event-search.ts), rendered on the server, so
 * that a search is a link and the back button goes back to the previous one. A search the API refuses (400) shows
 * its messages beside the fields they name.
 */
export default async function Home({ searchParams }: HomeProps) {
  const search = parseEventSearch(await searchParams);
  const [result, currentUser] = await Promise.all([searchEvents(search), getCurrentUser()]);
  const refused = !result.ok && result.status === 400 ? splitErrors(result.errors, SEARCH_FIELDS) : NO_ERRORS;

  return (
    <>
      <h1>Upcoming events</h1>
      <EventSearchForm search={search} errors={refused.byField} />
      {!result.ok ? (
        result.status === 400 ? (
          <Alert messages={refused.general} title="Could not search the events" testId="events-error" />
        ) : (
          <LoadFailed failure={result} title="Could not load the events" testId="events-error" />
        )
      ) : result.data.events.length === 0 ? (
        <p className="empty" data-testid="events-empty">
          {search.after
            ? 'No more events.'
            : isFiltered(search)
              ? 'No upcoming events match this search.'
              : 'No upcoming events yet.'}{' '}
          {currentUser && <Link href="/tickets/new">Sell a ticket for an event</Link>}
        </p>
      ) : (
        <>
          <EventList events={result.data.events} />
          <PagerLinks
            first={search.after ? { href: searchHref(search, { after: '' }), label: 'First events' } : undefined}
            next={
              result.data.next
                ? { href: searchHref(search, { after: result.data.next }), label: 'More events', testId: 'events-next' }
                : undefined
            }
          />
        </>
      )}
      <section className="other-listings" aria-labelledby="other-listings-heading">
        <h2 id="other-listings-heading">Other listings</h2>
        <p>
          Tickets listed without an event are on{' '}
          <Link href="/tickets" data-testid="other-listings-link">
            All listings
          </Link>
          , with every other ticket for sale.
        </p>
      </section>
    </>
  );
}
