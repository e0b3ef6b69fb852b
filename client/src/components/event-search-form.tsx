import Link from 'next/link';
import { EVENT_CATEGORIES, categoryLabel } from '@/lib/events';
import { isFiltered, searchHref, type EventSearch } from '@/lib/event-search';
import { Field } from './field';

/** The fields of the search form, which the API's 400s name. */
export const SEARCH_FIELDS = ['q', 'city', 'from', 'to'] as const;

/**
 * The search of the events: a plain GET form to `action`, so that the search is in the URL and works without
 * JavaScript, and the category chips, links that keep the rest of the search (DESIGN §12 "Pages"). The current
 * category rides along in the form as a hidden field.
 */
export function EventSearchForm({
  search,
  errors,
  basePath = '/',
}: {
  search: EventSearch;
  /** The API's messages for the fields it refused. */
  errors: Record<string, string[]>;
  /** The page that shows the results: the home page, or the sell page's event step. */
  basePath?: string;
}) {
  const hrefFor = (changes: Partial<EventSearch>) => searchHref(search, changes, basePath);
  return (
    <div className="search">
      <form method="get" action={basePath} role="search" aria-label="Events" className="search-form">
        <Field
          idPrefix="search"
          name="q"
          label="Search"
          type="search"
          placeholder="Artist, team, show, venue"
          defaultValue={search.q}
          errors={errors.q}
        />
        <Field idPrefix="search" name="city" label="City" defaultValue={search.city} errors={errors.city} />
        <Field idPrefix="search" name="from" label="From" type="date" defaultValue={search.from} errors={errors.from} />
        <Field idPrefix="search" name="to" label="To" type="date" defaultValue={search.to} errors={errors.to} />
        {search.category && <input type="hidden" name="category" value={search.category} />}
        <p className="search-actions">
          <button type="submit" className="button" data-testid="search-submit">
            Search
          </button>
          {isFiltered(search) && <Link href={hrefFor({ q: '', category: '', city: '', from: '', to: '' })}>Clear</Link>}
        </p>
      </form>
      <nav aria-label="Categories">
        <ul className="chips">
          {(['', ...EVENT_CATEGORIES] as const).map((category) => (
            <li key={category || 'all'}>
              <Link
                href={hrefFor({ category })}
                className="chip"
                aria-current={search.category === category ? 'true' : undefined}
                data-testid={`category-${category || 'all'}`}
              >
                {category ? categoryLabel[category] : 'All'}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
