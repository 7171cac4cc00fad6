package io.metastore.failure;

import io.metastore.TestDatabases;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** SQLite with a short busy timeout, so a foreign lock shows quickly. */
public class SqliteLockProfile implements QuarkusTestProfile {
  static final String URL = TestDatabases.sqliteUrl();

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("metastore.database-url", URL, "metastore.sqlite.busy-timeout-ms", "300");
  }
}
