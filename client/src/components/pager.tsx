import Link from 'next/link';
import { PAGE_SIZE } from '@/lib/page';

/**
 * The links of a paged list (GET /api/tickets and GET /api/orders give PAGE_SIZE items before a cursor, DESIGN §3):
 * back to the newest page when this one has a cursor, and to the older items when this page is full (test id
 * `<noun>-older`).
 */
export function Pager({
  basePath,
  cursor,
  items,
  noun,
}: {
  basePath: string;
  cursor: string | undefined;
  /** This page's items, newest first: the last one's id is the next page's cursor. */
  items: readonly { id: string }[];
  /** What is listed, for the links' text: "tickets", "orders". */
  noun: string;
}) {
  const last = items[items.length - 1];
  return (
    <PagerLinks
      first={cursor ? { href: basePath, label: `Newest ${noun}` } : undefined}
      next={
        items.length === PAGE_SIZE && last
          ? { href: `${basePath}?before=${last.id}`, label: `Older ${noun}`, testId: `${noun}-older` }
          : undefined
      }
    />
  );
}

type PagerLink = { href: string; label: string; testId?: string };

/**
 * The two links of any paged list: back to its first page, and on to the next one; each only when there is one
 * (a list paged by the API's `next` cursor, DESIGN §12, gives them as they are).
 */
export function PagerLinks({ first, next }: { first: PagerLink | undefined; next: PagerLink | undefined }) {
  if (!first && !next) return null;
  return (
    <p className="pager">
      {first && (
        <Link href={first.href} data-testid={first.testId}>
          {first.label}
        </Link>
      )}
      {next && (
        <Link href={next.href} data-testid={next.testId}>
          {next.label}
        </Link>
      )}
    </p>
  );
}
