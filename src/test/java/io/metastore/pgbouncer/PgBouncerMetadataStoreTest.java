package io.metastore.pgbouncer;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.MetadataStore;
import io.metastore.store.MetadataStoreContract;
import io.metastore.store.StoreFactory;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole store contract (concurrency tests included) through PgBouncer in transaction pooling
 * mode, on a new database whose schema Flyway also created through PgBouncer. The client pool
 * (16) is larger than PgBouncer's server pool (10), so transactions really share server sessions.
 */
class PgBouncerMetadataStoreTest extends MetadataStoreContract {
  private static PgBouncer bouncer;
  private static String database;

  @Override
  protected MetadataStore createStore() {
    bouncer = PgBouncer.start();
    database = TestDatabases.freshPostgresDatabase();
    String name = DatabaseUrl.parse(database).reactiveUrl().replaceAll(".*/([^/?]+).*", "$1");
    String url = bouncer.url(name);
    new SchemaMigrator(DatabaseUrl.parse(url)).upgrade(null);
    return StoreFactory.postgresOn(url);
  }

  @AfterAll
  static void stop() {
    if (bouncer != null) {
      bouncer.close();
    }
    if (database != null) {
      TestDatabases.dropPostgresDatabase(database);
    }
  }
}
