package dev.ticketing.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The memory backend's collection, answering a filter that holds a unique index's keys beside others through that
 * index ({@link UniqueKeyLookup}). Every operation still runs inside the collection's synchronized methods, one at a time, so
 * atomicity is the upstream collection's.
 */
final class UniqueKeyMemoryCollection extends MemoryCollection {
  UniqueKeyMemoryCollection(
      MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
    super(database, name, options, cursors);
  }

  @Override
  protected QueryResult queryDocuments(
      Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
    Iterable<Integer> positions = UniqueKeyLookup.positions(query, getIndexes());
    if (positions == null) return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
    return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
  }
}
