package io.metastore.transfer;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.MetadataStore;
import io.metastore.store.StoreFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The databases the transfer suites run on: fresh ones per test, dropped afterwards. */
enum TestDb {
  SQLITE("sqlite") {
    @Override
    String create() {
      return TestDatabases.sqliteUrl();
    }

    @Override
    void drop(String url) {
      Path file = DatabaseUrl.parse(url).sqliteFile();
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        try {
          Files.deleteIfExists(Path.of(file + suffix));
        } catch (IOException ignored) {
          // target/ is cleaned anyway
        }
      }
    }

    @Override
    MetadataStore store(String url) {
      return StoreFactory.sqliteOn(DatabaseUrl.parse(url));
    }
  },

  POSTGRES("postgresql") {
    @Override
    String create() {
      return TestDatabases.freshPostgresDatabase();
    }

    @Override
    void drop(String url) {
      TestDatabases.dropPostgresDatabase(url);
    }

    @Override
    MetadataStore store(String url) {
      return StoreFactory.postgresOn(DatabaseUrl.parse(url));
    }
  };

  final String databaseName;

  TestDb(String databaseName) {
    this.databaseName = databaseName;
  }

  /** A new, empty database (no schema); returns its URL. */
  abstract String create();

  abstract void drop(String url);

  /** A store on an already migrated database. */
  abstract MetadataStore store(String url);

  /** Migrates the database and returns a store on it. */
  MetadataStore migratedStore(String url) {
    new SchemaMigrator(DatabaseUrl.parse(url)).upgrade(null);
    return store(url);
  }
}
