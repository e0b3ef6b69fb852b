package dev.ticketing.mongo;

import de.bwaldvogel.mongo.MongoVersion;
import java.util.List;

/**
 * The server version mongo-java-server reports in {@code hello}. Its own choices stop at MongoDB 4.0 (wire version
 * 7), which the Node.js driver 6 refuses ("requires at least 8"); we report 4.2 (wire version 8), the oldest the
 * driver accepts, so that it sends nothing newer than what the engine implements.
 */
enum WireVersion implements MongoVersion {
  MONGO_4_2;

  @Override
  public List<Integer> getVersionArray() {
    return List.of(4, 2, 0);
  }

  @Override
  public int getWireVersion() {
    return 8;
  }
}
