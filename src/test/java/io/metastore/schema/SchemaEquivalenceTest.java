package io.metastore.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The SQLite and PostgreSQL migrations must build the same logical model: same tables, columns
 * (uuid/jsonb as TEXT, timestamptz as INTEGER epoch ms), nullability, keys and indexes. The one
 * allowed difference is the PostgreSQL-only GIN index that serves jsonb containment.
 */
class SchemaEquivalenceTest {

  @Test
  void bothDatabasesHoldTheSameLogicalModel() throws Exception {
    DatabaseUrl sqlite = DatabaseUrl.parse(TestDatabases.sqliteUrl());
    String pgText = TestDatabases.freshPostgresDatabase();
    try {
      DatabaseUrl pg = DatabaseUrl.parse(pgText);
      new SchemaMigrator(sqlite).upgrade(null);
      new SchemaMigrator(pg).upgrade(null);
      Map<String, Object> lite = SchemaDump.logical(sqlite);
      Map<String, Object> post = SchemaDump.logical(pg);
      @SuppressWarnings("unchecked")
      TreeSet<String> pgEntryIndexes = (TreeSet<String>) post.get("entries.indexes");
      assertThat(pgEntryIndexes).contains("entries_attrs [attrs]");
      pgEntryIndexes.remove("entries_attrs [attrs]");
      assertThat(lite).isEqualTo(post);
      assertThat(lite).containsKeys("files.columns", "entries.columns", "file_versions.columns", "tombstones.columns");
      assertThat(new SchemaMigrator(sqlite).status().current()).isEqualTo(new SchemaMigrator(pg).status().current());
    } finally {
      TestDatabases.dropPostgresDatabase(pgText);
    }
  }

  @Test
  void everyUpScriptHasADownScriptOnEveryDatabase() throws Exception {
    for (String db : new String[] {"sqlite", "postgresql"}) {
      var dir = java.nio.file.Path.of("src/main/resources/db/migration", db);
      try (var files = java.nio.file.Files.list(dir)) {
        for (var f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.startsWith("V")) {
            assertThat(dir.resolve("D" + name.substring(1))).as(db + " down script for " + name).exists();
            String other = db.equals("sqlite") ? "postgresql" : "sqlite";
            assertThat(java.nio.file.Path.of("src/main/resources/db/migration", other, name)).as(other + " twin of " + name).exists();
          }
        }
      }
    }
  }
}
