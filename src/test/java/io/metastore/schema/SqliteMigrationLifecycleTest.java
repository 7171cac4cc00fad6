package io.metastore.schema;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.store.MetadataStore;
import io.metastore.store.sqlite.SqliteMetadataStore;
import io.smallrye.mutiny.infrastructure.Infrastructure;

class SqliteMigrationLifecycleTest extends MigrationLifecycleContract {
  @Override
  protected DatabaseUrl freshDatabase() {
    return DatabaseUrl.parse(TestDatabases.sqliteUrl());
  }

  @Override
  protected MetadataStore storeOn(DatabaseUrl url) {
    org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
    ds.setUrl(url.jdbcUrl());
    return new SqliteMetadataStore(ds, Infrastructure.getDefaultWorkerPool());
  }
}
