package io.metastore.transfer;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Many files fast, straight in SQL (the store would take minutes): tenant "bulk", files
 * /bulk/d{i/1000}/f{i}, each live with one version and ~250 bytes of attrs. For scale tests and
 * for measuring a large export by hand:
 * {@code java -cp <test classpath> io.metastore.transfer.BulkSeed URL COUNT}.
 */
final class BulkSeed {
  private BulkSeed() {}

  public static void main(String[] args) throws SQLException {
    long started = System.nanoTime();
    into(args[0], Integer.parseInt(args[1]));
    System.out.printf("seeded %s files in %.1f s%n", args[1], (System.nanoTime() - started) / 1e9);
  }

  /** Migrates the database at {@code url} and adds {@code n} files to it. */
  static void into(String url, int n) throws SQLException {
    DatabaseUrl u = DatabaseUrl.parse(url);
    new SchemaMigrator(u).upgrade(null);
    try (Connection c = TestDatabases.connect(u)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String sql : u.kind() == io.metastore.config.DatabaseKind.SQLITE ? sqlite() : postgres()) {
          if (sql.contains("?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ps.setInt(1, n);
              ps.executeUpdate();
            }
          } else {
            st.executeUpdate(sql);
          }
        }
      }
      c.commit();
    }
  }

  private static final String PAD = "x".repeat(180);

  private static String[] sqlite() {
    String numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) ";
    String id = "printf('%08x-0000-4000-8000-%012x', i, i)";
    String attrs = "json_object('n', i, 'owner', 'user-' || (i % 97), 'tags', json_array('a', 'b'), 'pad', '" + PAD + "')";
    return new String[] {
      numbers + "INSERT INTO files (id, tenant_id, created_at) SELECT " + id + ", 'bulk', 1700000000000 + i FROM n",
      "INSERT INTO entries (tenant_id, path, parent, kind) VALUES ('bulk', '/bulk', '/', 'D')",
      numbers + "INSERT INTO entries (tenant_id, path, parent, kind) SELECT DISTINCT 'bulk',"
          + " '/bulk/d' || (i / 1000), '/bulk', 'D' FROM n",
      numbers + "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path,"
          + " size, etag, mime_type, attrs, version, created_at, modified_at) SELECT 'bulk',"
          + " '/bulk/d' || (i / 1000) || '/f' || i, '/bulk/d' || (i / 1000), 'F', " + id + ", 's3',"
          + " 'bucket/' || i, i * 1000, 'etag-' || i, 'text/plain', " + attrs + ", 1,"
          + " 1700000000000 + i, 1700000000000 + i FROM n",
      numbers + "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size,"
          + " etag, mime_type, attrs, modified_at, source) SELECT " + id + ", 1, 'bulk', 's3',"
          + " 'bucket/' || i, i * 1000, 'etag-' || i, 'text/plain', " + attrs + ","
          + " 1700000000000 + i, 'put' FROM n",
    };
  }

  private static String[] postgres() {
    String numbers = "FROM generate_series(1, ?) AS i";
    String id = "CAST(lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0') AS uuid)";
    String time = "timestamptz 'epoch' + (1700000000000 + i) * interval '1 millisecond'";
    String attrs = "jsonb_build_object('n', i, 'owner', 'user-' || (i % 97), 'tags', jsonb_build_array('a', 'b'), 'pad', '" + PAD + "')";
    return new String[] {
      "INSERT INTO files (id, tenant_id, created_at) SELECT " + id + ", 'bulk', " + time + " " + numbers,
      "INSERT INTO entries (tenant_id, path, parent, kind) VALUES ('bulk', '/bulk', '/', 'D')",
      "INSERT INTO entries (tenant_id, path, parent, kind) SELECT DISTINCT 'bulk', '/bulk/d' || (i / 1000),"
          + " '/bulk', 'D' " + numbers,
      "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path, size, etag,"
          + " mime_type, attrs, version, created_at, modified_at) SELECT 'bulk',"
          + " '/bulk/d' || (i / 1000) || '/f' || i, '/bulk/d' || (i / 1000), 'F', " + id + ", 's3',"
          + " 'bucket/' || i, i * 1000, 'etag-' || i, 'text/plain', " + attrs + ", 1, " + time + ", "
          + time + " " + numbers,
      "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag,"
          + " mime_type, attrs, modified_at, source) SELECT " + id + ", 1, 'bulk', 's3', 'bucket/' || i,"
          + " i * 1000, 'etag-' || i, 'text/plain', " + attrs + ", " + time + ", 'put' " + numbers,
    };
  }
}
