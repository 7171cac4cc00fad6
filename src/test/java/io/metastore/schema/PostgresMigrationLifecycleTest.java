package io.metastore.schema;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.store.MetadataStore;
import io.metastore.store.StoreFactory;
import java.util.ArrayList;
import java.util.List;

class PostgresMigrationLifecycleTest extends MigrationLifecycleContract {
  private final List<String> created = new ArrayList<>();

  @Override
  protected DatabaseUrl freshDatabase() {
    String url = TestDatabases.freshPostgresDatabase();
    created.add(url);
    return DatabaseUrl.parse(url);
  }

  @Override
  protected MetadataStore storeOn(DatabaseUrl url) {
    return StoreFactory.postgresOn(url);
  }

  @Override
  protected void cleanUp() {
    created.forEach(TestDatabases::dropPostgresDatabase);
    created.clear();
  }
}
