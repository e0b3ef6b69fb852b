package dev.ticketing.mongo;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/** The memory backend (tests) whose collections use the {@code _id} index for {@code { _id, … }} filters. */
final class IdIndexedMemoryBackend extends MemoryBackend {
  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, this);
  }

  private static final class Database extends MemoryDatabase {
    Database(String databaseName, IdIndexedMemoryBackend backend) {
      super(databaseName, backend.getCursorRegistry());
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
      return new IdIndexedMemoryCollection(this, name, options, cursorRegistry);
    }
  }
}
