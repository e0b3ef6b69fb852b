package dev.ticketing.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * Runs mongo-java-server on 127.0.0.1 for Ticketing's local runs and tests (DESIGN §2).
 *
 * <pre>
 *   java dev.ticketing.mongo.MongoEngine --port 27017 --memory
 *   java dev.ticketing.mongo.MongoEngine --port 27017 --h2 /path/to/ticketing.mv.db [--commit-delay-ms 50]
 * </pre>
 *
 * Memory backend for tests; H2 file backend for {@code npm start}. H2's MVStore writes its changes to the file from
 * a background thread every "auto-commit delay" (1 s by default): a SIGKILL loses what was acknowledged since. We open
 * the store ourselves with a 50 ms delay, so at most the last ~100 ms of acknowledged writes can be lost, as with
 * MongoDB's journal interval (the launcher's durability test shows it). SIGTERM closes the store, losing nothing.
 *
 * <p>Both backends' collections answer a filter that holds a unique index's keys beside other keys ({@code { _id,
 * version }}, {@code { lock, status }}) through that index ({@link UniqueKeyLookup}), so a versioned write costs the
 * same at any size (DESIGN §16). Non-unique indexes are accepted and ignored, as upstream: no filter may rely on one.
 */
public final class MongoEngine {
  private MongoEngine() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mongo-engine: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }

    MVStore store = options.h2File == null ? null : openStore(options.h2File, options.commitDelayMs);
    MongoBackend backend = store == null ? new UniqueKeyMemoryBackend() : new UniqueKeyH2Backend(store);
    backend.version(WireVersion.MONGO_4_2);
    MongoServer server = new MongoServer(backend);

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  if (store != null && !store.isClosed()) store.close();
                },
                "mongo-engine-shutdown"));

    server.bind("127.0.0.1", options.port);
    System.out.println(
        "mongo-engine listening on 127.0.0.1:"
            + server.getLocalAddress().getPort()
            + " ("
            + (store == null ? "memory" : "h2 " + options.h2File)
            + ", wire version "
            + WireVersion.MONGO_4_2.getWireVersion()
            + ")");
  }

  private static MVStore openStore(Path file, int commitDelayMs) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the folder of " + file, e);
    }
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    store.setAutoCommitDelay(commitDelayMs);
    return store;
  }

  /** The command line: {@code --port N} and one of {@code --memory} or {@code --h2 FILE}. */
  private record Options(int port, Path h2File, int commitDelayMs) {
    static final String USAGE =
        "usage: MongoEngine --port N (--memory | --h2 FILE [--commit-delay-ms MS])";

    static Options parse(String[] args) {
      Integer port = null;
      Path h2File = null;
      boolean memory = false;
      int commitDelayMs = 50;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
          case "--memory" -> memory = true;
          case "--h2" -> h2File = Path.of(value(args, ++i, "--h2"));
          case "--commit-delay-ms" ->
              commitDelayMs = Integer.parseInt(value(args, ++i, "--commit-delay-ms"));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (port == null) throw new IllegalArgumentException("--port is required");
      if (memory == (h2File != null))
        throw new IllegalArgumentException("give exactly one of --memory and --h2 FILE");
      if (commitDelayMs < 1 || commitDelayMs > 100)
        throw new IllegalArgumentException("--commit-delay-ms must be from 1 to 100");
      return new Options(port, h2File, commitDelayMs);
    }

    private static String value(String[] args, int i, String name) {
      if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
      return args[i];
    }
  }
}
