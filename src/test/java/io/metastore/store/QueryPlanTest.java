package io.metastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listing and attribute queries are index range scans, never a scan of the table: checked with
 * EXPLAIN on PostgreSQL (20,000 files, analyzed) and EXPLAIN QUERY PLAN on SQLite, for the exact
 * statements the adapters send.
 */
class QueryPlanTest {
  static final String COLS = "path, backend, physical_path, size, etag, mime_type, attrs, version, created_at, modified_at";

  @Test
  void postgresqlUsesThePrimaryKeyParentAndGinIndexes() throws Exception {
    String url = TestDatabases.freshPostgresDatabase();
    try {
      DatabaseUrl db = DatabaseUrl.parse(url);
      new SchemaMigrator(db).upgrade(null);
      try (Connection c = TestDatabases.connect(db); Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO files SELECT md5(i::text)::uuid, 't', now() FROM generate_series(1, 20000) i");
        st.execute(
            "INSERT INTO entries (tenant_id, path, parent, kind) SELECT DISTINCT 't', '/d' || (i % 100), '/', 'D'"
                + " FROM generate_series(1, 20000) i");
        st.execute(
            "INSERT INTO entries SELECT 't', '/d' || (i % 100) || '/f' || i, '/d' || (i % 100), 'F', md5(i::text)::uuid,"
                + " 's3', 'p', i, null, null, jsonb_build_object('owner', 'u' || (i % 500), 'n', i), 1, now(), now()"
                + " FROM generate_series(1, 20000) i");
        st.execute("ANALYZE");
        String recursive = plan(c, "EXPLAIN SELECT " + COLS + " FROM entries WHERE tenant_id = 't' AND kind = 'F'"
            + " AND path > '/d7/' AND path < '/d70' ORDER BY path LIMIT 101");
        assertThat(recursive).contains("Index Scan using entries_pkey").doesNotContain("Seq Scan").doesNotContain("Sort");
        String children = plan(c, "EXPLAIN SELECT kind, " + COLS + " FROM entries WHERE tenant_id = 't' AND parent = '/d7'"
            + " AND path > '/d7/' ORDER BY path LIMIT 101");
        assertThat(children).contains("entries_parent").doesNotContain("Seq Scan").doesNotContain("Sort");
        String query = plan(c, "EXPLAIN WITH hits AS MATERIALIZED (SELECT " + COLS + " FROM entries WHERE tenant_id = 't'"
            + " AND attrs @> CAST(CAST('{\"owner\":\"u7\"}' AS text) AS jsonb) AND path > '/' AND path < '0')"
            + " SELECT * FROM hits ORDER BY path LIMIT 101");
        assertThat(query).contains("Bitmap Index Scan on entries_attrs").doesNotContain("Seq Scan").doesNotContain("entries_pkey");
        String get = plan(c, "EXPLAIN SELECT " + COLS + " FROM entries WHERE tenant_id = 't' AND path = '/d7/f7' AND kind = 'F'");
        assertThat(get).contains("entries_pkey").doesNotContain("Seq Scan");
      }
    } finally {
      TestDatabases.dropPostgresDatabase(url);
    }
  }

  @Test
  void sqliteSearchesItsIndexes() throws Exception {
    DatabaseUrl db = DatabaseUrl.parse(TestDatabases.sqliteUrl());
    new SchemaMigrator(db).upgrade(null);
    try (Connection c = new SchemaMigrator(db).connect()) {
      String recursive = plan(c, "EXPLAIN QUERY PLAN SELECT " + COLS + " FROM entries WHERE tenant_id = ? AND kind = 'F'"
          + " AND path > ? AND path < ? ORDER BY path LIMIT ?", "t", "/d7/", "/d70", 101);
      assertThat(recursive).contains("SEARCH entries USING INDEX sqlite_autoindex_entries_1 (tenant_id=? AND path>? AND path<?)")
          .doesNotContain("SCAN entries").doesNotContain("TEMP B-TREE");
      String children = plan(c, "EXPLAIN QUERY PLAN SELECT kind, " + COLS + " FROM entries WHERE tenant_id = ? AND parent = ?"
          + " AND path > ? ORDER BY path LIMIT ?", "t", "/d7", "/d7/", 101);
      assertThat(children).contains("SEARCH entries USING INDEX entries_parent (tenant_id=? AND parent=? AND path>?)")
          .doesNotContain("TEMP B-TREE");
      String get = plan(c, "EXPLAIN QUERY PLAN SELECT " + COLS + " FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'F'", "t", "/a");
      assertThat(get).contains("USING INDEX sqlite_autoindex_entries_1 (tenant_id=? AND path=?)");
    }
  }

  private static String plan(Connection c, String sql, Object... args) throws Exception {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          lines.add(rs.getString(n));
        }
      }
    }
    return String.join("\n", lines);
  }
}
