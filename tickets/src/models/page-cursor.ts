/**
 * The opaque `after` cursor of a page sorted by one value then id (DESIGN §12: events by `startsAt`, an event's
 * tickets by price): base64url of `[value, id]` of the last item shown. Opaque to clients, so the sort can change
 * without breaking a contract; decoding checks its shape, so a forged one is a 400, never a query.
 */
export function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

/** The `[value, id]` of a cursor, or undefined when it is not one (the route answers 400 naming `after`). */
export function decodeCursor(cursor: string): [unknown, string] | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [value, id] = parsed as [unknown, unknown];
    if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) return undefined;
    return [value, id];
  } catch {
    return undefined;
  }
}

/** What follows the item `[value, id]` in an order by `field` then `_id`: the filter of the page after it. */
export function afterFilter(field: string, value: unknown, id: string): { $or: Record<string, unknown>[] } {
  return { $or: [{ [field]: { $gt: value } }, { [field]: value, _id: { $gt: id } }] };
}

/**
 * A page from `docs`, read with `limit + 1` (the extra one only says that more follow): the first `limit`, and the
 * cursor of the last of them when more follow.
 */
export function pageOf<D extends { _id: string }>(
  docs: D[],
  limit: number,
  valueOf: (doc: D) => string | number,
): { shown: D[]; next?: string } {
  const shown = docs.slice(0, limit);
  const last = shown.at(-1);
  return { shown, ...(docs.length > limit && last && { next: encodeCursor(valueOf(last), last._id) }) };
}
