package io.metastore.api;

import io.metastore.TestDatabases;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service on a fresh embedded SQLite file. */
public class SqliteProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("metastore.database-url", TestDatabases.sqliteUrl());
  }
}
