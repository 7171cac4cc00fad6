package io.metastore.api;

import io.metastore.TestDatabases;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service on the test PostgreSQL (TEST_DATABASE_URL, Testcontainers, or the local server). */
public class PostgresProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("metastore.database-url", TestDatabases.postgresUrl());
  }
}
