package dev.ticketing.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.lang.reflect.Field;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2 file backend ({@code npm start}) whose collections use a unique index for a filter that holds its keys
 * beside others ({@link UniqueKeyLookup}). Same file layout as the upstream backend (the map names below are H2Database's), so a file written by
 * either opens with the other.
 */
final class UniqueKeyH2Backend extends H2Backend {
  UniqueKeyH2Backend(MVStore store) {
    super(store);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getMvStore(), getCursorRegistry());
  }

  private static final class Database extends H2Database {
    /** H2Database's names for a collection's maps (its own constants are not public). */
    private static final String DATA_MAP_PREFIX = "databases.";

    private static final String META_MAP_PREFIX = "meta.";

    /**
     * H2Database's store. Its constructor opens the existing collections (openOrCreateCollection below) before a
     * field of this subclass could be set, so the store is read from H2Database's own field, set by then.
     */
    private static final Field STORE_FIELD = storeField();

    Database(String databaseName, MVStore store, CursorRegistry cursors) {
      super(databaseName, store, cursors);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
      MVStore store = store();
      String fullName = getFullCollectionNamespace(name);
      MVMap<Object, Document> dataMap = store.openMap(DATA_MAP_PREFIX + fullName);
      MVMap<String, Object> metaMap = store.openMap(META_MAP_PREFIX + fullName);
      return new UniqueKeyH2Collection(this, name, options, dataMap, metaMap, cursorRegistry);
    }

    private MVStore store() {
      try {
        return (MVStore) STORE_FIELD.get(this);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read H2Database.mvStore", e);
      }
    }

    private static Field storeField() {
      try {
        Field field = H2Database.class.getDeclaredField("mvStore");
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(
            "mongo-java-server's H2Database has no mvStore field: update UniqueKeyH2Backend for this version", e);
      }
    }
  }
}
