package dev.ticketing.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * Finds the documents a filter can match through the {@code _id} index when the filter holds an {@code _id} equality
 * beside other keys ({@code { _id, version }}, {@code { _id, "outbox.id": x }}). mongo-java-server 1.46.0 uses an
 * index only when the filter's keys equal the index's keys, so such a filter read the whole collection under its
 * lock: 28 ms per versioned write at 100,000 documents (bench/engine-writes.js, DESIGN §16). Every document the
 * filter matches has that {@code _id}, so the index's answer for {@code { _id }} alone is a superset of the matches;
 * the collection then applies the whole filter to it, as it does to every index's answer: same results.
 */
final class IdLookup {
  private IdLookup() {}

  /**
   * The positions of the documents whose {@code _id} satisfies the filter's {@code _id} condition, or {@code null}
   * when the filter has no top-level {@code _id} key, is {@code _id} alone (the collection's own look-up handles it),
   * or the {@code _id} index cannot answer that condition (then the collection scans, as before).
   */
  static <P> Iterable<P> positions(Document query, String idField, List<Index<P>> indexes) {
    if (query == null || idField == null || query.size() < 2 || !query.containsKey(idField)) return null;
    Document idQuery = new Document(idField, query.get(idField));
    for (Index<P> index : indexes) {
      if (index.canHandle(idQuery)) return index.getPositions(idQuery);
    }
    return null;
  }
}
