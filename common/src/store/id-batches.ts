/**
 * Goes through a set of records by batches of ids in id order, each batch read after the last id of the one before
 * (a cursor), until a read comes back empty: the shape of a large one-off job without a transaction (DESIGN §12: an
 * event's cancellation). A record `handle` could not close is not read again by this pass, so the pass ends; one that
 * joins the set behind the cursor is the caller's to catch (a write-then-read on both sides). Resolves with the sum of
 * what `handle` returned. Throws what `read` or `handle` throws, leaving the rest for a rerun of the whole pass, which
 * must be harmless (each record's change conditional).
 */
export async function forEachIdBatch(
  read: (after: string | undefined) => Promise<readonly string[]>,
  handle: (ids: readonly string[]) => Promise<number>,
): Promise<number> {
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await read(after);
    if (batch.length === 0) return total;
    total += await handle(batch);
    after = batch[batch.length - 1];
  }
}
