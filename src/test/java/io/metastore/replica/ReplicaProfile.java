package io.metastore.replica;

import io.metastore.TestDatabases;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service on the test PostgreSQL, reading from a streaming replica of it. */
public class ReplicaProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "metastore.database-url", TestDatabases.postgresUrl(),
        "metastore.database-read-url", StreamingReplica.shared().url(),
        "metastore.read-replicas.check-interval", "200ms",
        "metastore.read-replicas.max-lag", "5s");
  }
}
