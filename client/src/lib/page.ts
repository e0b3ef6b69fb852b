import { isObjectId } from './format';

/** How many items a page of a list shows (the API's default; it allows at most 100). */
export const PAGE_SIZE = 50;

/** `path` with the query of one page: {@link PAGE_SIZE} items created before `before` (the newest without it). */
export function pagePath(path: string, before?: string): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before) query.set('before', before);
  return `${path}?${query.toString()}`;
}

/**
 * The cursor of a page from its `?before=` search parameter: only a well-formed id is passed on; anything else shows
 * the first page rather than the API's 400.
 */
export function pageCursor(before: string | string[] | undefined): string | undefined {
  return typeof before === 'string' && isObjectId(before) ? before : undefined;
}
