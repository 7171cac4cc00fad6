package io.metastore.api;

import io.metastore.TestDatabases;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Auth on, two tenants with their own tokens. */
public class AuthProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "metastore.database-url", TestDatabases.sqliteUrl(),
        "metastore.auth.enabled", "true",
        "metastore.auth.tenants.alice", "token-alice",
        "metastore.auth.tenants.bob", "token-bob");
  }
}
