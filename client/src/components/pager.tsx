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
    <p className="pager">
      {cursor && <Link href={basePath}>Newest {noun}</Link>}
      {items.length === PAGE_SIZE && last && (
        <Link href={`${basePath}?before=${last.id}`} data-testid={`${noun}-older`}>
          Older {noun}
        </Link>
      )}
    </p>
  );
}
