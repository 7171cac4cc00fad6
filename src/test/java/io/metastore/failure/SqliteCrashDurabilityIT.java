package io.metastore.failure;

import io.metastore.TestDatabases;

class SqliteCrashDurabilityIT extends CrashDurabilityContract {
  @Override
  protected String databaseUrl() {
    return TestDatabases.sqliteUrl().replace("sqlite:///", "sqlite:////" + System.getProperty("user.dir").substring(1) + "/");
  }
}
