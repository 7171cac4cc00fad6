package io.metastore.failure;

import io.metastore.TestDatabases;

class PostgresCrashDurabilityIT extends CrashDurabilityContract {
  @Override
  protected String databaseUrl() {
    return TestDatabases.postgresUrl();
  }
}
