package dev.ticketing.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * The H2 backend's collection, answering a filter that holds a unique index's keys beside others through that
 * index ({@link UniqueKeyLookup}); same storage, same synchronized operations as the upstream collection.
 */
final class UniqueKeyH2Collection extends H2Collection {
  UniqueKeyH2Collection(
      MongoDatabase database,
      String name,
      CollectionOptions options,
      MVMap<Object, Document> dataMap,
      MVMap<String, Object> metaMap,
      CursorRegistry cursors) {
    super(database, name, options, dataMap, metaMap, cursors);
  }

  @Override
  protected QueryResult queryDocuments(
      Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
    Iterable<Object> positions = UniqueKeyLookup.positions(query, getIndexes());
    if (positions == null) return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
    return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
  }
}
