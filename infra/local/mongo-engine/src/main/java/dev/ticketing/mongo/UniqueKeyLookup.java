package dev.ticketing.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * Finds the documents a filter can match through a unique index when the filter holds that index's keys beside other
 * keys: {@code { _id, version }} (every versioned write), {@code { _id, "outbox.id": x }}, {@code { lock, status }}.
 * mongo-java-server 1.46.0 uses an index only when the filter's keys equal the index's keys, so such a filter read
 * the whole collection under its lock: 28 ms per versioned write at 100,000 documents (bench/engine-writes.js, DESIGN
 * §16). Every document the filter matches satisfies the filter's conditions on the index's keys, so the index's
 * answer for those conditions alone (as upstream gives it for a filter of just those keys) holds every match; the
 * collection then applies the whole filter to it, as it does to every index's answer: same results. Upstream decides
 * which conditions an index can answer ({@code canHandle}: equalities, {@code $in}, a regex; never a sparse index
 * asked for null, which would miss the documents without the field).
 */
final class UniqueKeyLookup {
  private UniqueKeyLookup() {}

  /**
   * The positions of the documents whose indexed keys satisfy the filter's conditions on them, through the first
   * index (the {@code _id} index comes first) whose keys are all in the filter and which can answer them; or {@code
   * null} when the filter is one key or none (the collection's own look-up handles it) or no index can answer (then
   * the collection scans, as before).
   */
  static <P> Iterable<P> positions(Document query, List<Index<P>> indexes) {
    if (query == null || query.size() < 2) return null;
    for (Index<P> index : indexes) {
      Document keyQuery = keyConditions(query, index.getKeys());
      if (keyQuery != null && keyQuery.size() < query.size() && index.canHandle(keyQuery)) {
        return index.getPositions(keyQuery);
      }
    }
    return null;
  }

  /** The filter's conditions on the index's keys, or null when the filter lacks one of them. */
  private static Document keyConditions(Document query, List<IndexKey> keys) {
    Document conditions = new Document();
    for (IndexKey key : keys) {
      if (!query.containsKey(key.getKey())) return null;
      conditions.put(key.getKey(), query.get(key.getKey()));
    }
    return conditions;
  }
}
