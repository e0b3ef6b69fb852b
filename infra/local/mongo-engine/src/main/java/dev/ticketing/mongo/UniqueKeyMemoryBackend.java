package dev.ticketing.mongo;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/**
 * The memory backend (tests) whose collections use a unique index for a filter that holds its keys beside others
 * ({@link UniqueKeyLookup}).
 */
final class UniqueKeyMemoryBackend extends MemoryBackend {
  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, this);
  }

  private static final class Database extends MemoryDatabase {
    Database(String databaseName, UniqueKeyMemoryBackend backend) {
      super(databaseName, backend.getCursorRegistry());
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
      return new UniqueKeyMemoryCollection(this, name, options, cursorRegistry);
    }
  }
}
