package io.metastore.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.config.DatabaseUrl;
import io.metastore.domain.Json;
import io.metastore.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads every tenant's rows from one consistent snapshot of a store, in constant memory: four
 * cursors (files, live entries, tombstones, versions), each ordered by file id, merged into the
 * grouped order {@link Row} describes. Only ever reads; closing ends the read transaction.
 */
public final class StoreReader implements AutoCloseable, Iterator<Row> {
  private final TransferDialect dialect;
  private final DatabaseUrl url;
  private final Connection conn;
  private final List<PreparedStatement> statements = new ArrayList<>();
  private final ExportHeader header;
  private Cursor files;
  private Cursor entries;
  private Cursor tombstones;
  private Cursor versions;
  private final ArrayDeque<Row> head = new ArrayDeque<>();
  private Row.File current;

  private StoreReader(DatabaseUrl url, String role) {
    this.url = url;
    this.dialect = TransferDialect.of(url);
    this.conn = dialect.snapshot(url, role);
    try {
      String schema = schemaVersion();
      this.header =
          new ExportHeader(
              ExportHeader.FORMAT_VERSION,
              schema,
              dialect.databaseName(),
              ExportHeader.isoMillis(Instant.now()),
              counts());
    } catch (SQLException e) {
      close();
      throw new TransferException("reading " + url + " failed: " + TransferException.reason(e), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens a snapshot of the store at {@code url}, which must be at the newest schema revision
   * this build knows. {@code role} ("source", "target") names it in errors.
   */
  public static StoreReader open(DatabaseUrl url, String role) {
    StoreReader reader = new StoreReader(url, role);
    try {
      String at = reader.header.schemaVersion();
      String latest = latestRevision(url);
      if (!latest.equals(at)) {
        throw new TransferException(
            "the " + role + " database " + url + " is at schema revision " + at
                + " but this build reads revision " + latest
                + (compareRevisions(at, latest) < 0
                    ? "; upgrade it first with 'metastore db upgrade --database-url ...'"
                    : "; use the build that wrote it"));
      }
      return reader;
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The newest schema revision this build has for the database at {@code url}. */
  static String latestRevision(DatabaseUrl url) {
    // A property of the build, not of the database; asking Flyway costs a scan, so once per kind.
    return LATEST.computeIfAbsent(
        url.kind(), k -> new SchemaMigrator(TransferDialect.readingUrl(url)).status().latest());
  }

  private static final java.util.Map<io.metastore.config.DatabaseKind, String> LATEST =
      new java.util.concurrent.ConcurrentHashMap<>();

  static int compareRevisions(String a, String b) {
    return org.flywaydb.core.api.MigrationVersion.fromVersion(a)
        .compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(b));
  }

  /** Format, schema revision, source database and the row counts of this snapshot. */
  public ExportHeader header() {
    return header;
  }

  private String schemaVersion() throws SQLException {
    try (PreparedStatement ps =
            conn.prepareStatement(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                    + " ORDER BY installed_rank DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new TransferException(url + " has no metastore schema (no applied migrations)");
      }
      return rs.getString(1);
    } catch (SQLException e) {
      if (missingTable(e)) {
        throw new TransferException(
            url + " has no metastore schema; check the URL, or run 'metastore db upgrade' on it");
      }
      throw e;
    }
  }

  private static boolean missingTable(SQLException e) {
    // PostgreSQL: undefined_table; SQLite: SQLITE_ERROR (1) with no finer code for it.
    return "42P01".equals(e.getSQLState())
        || (e instanceof org.sqlite.SQLiteException s
            && s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_ERROR);
  }

  private ExportHeader.Counts counts() throws SQLException {
    return new ExportHeader.Counts(
        count("SELECT count(*) FROM files"),
        count("SELECT count(*) FROM entries WHERE kind = 'F'"),
        count("SELECT count(*) FROM file_versions"),
        count("SELECT count(*) FROM tombstones"));
  }

  private long count(String sql) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ------------------------------------------------------------------ rows

  @Override
  public boolean hasNext() {
    try {
      while (true) {
        if (!head.isEmpty()) {
          return true;
        }
        if (current != null && versions.peek() != null) {
          int cmp = versions.peek().fileId().compareTo(current.fileId());
          if (cmp == 0) {
            return true;
          }
          if (cmp < 0) {
            throw orphan(versions.peek());
          }
        }
        if (!nextFile()) {
          return false;
        }
      }
    } catch (SQLException e) {
      throw new TransferException("reading " + url + " failed: " + TransferException.reason(e), e);
    }
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (!head.isEmpty()) {
      return head.poll();
    }
    try {
      return versions.next();
    } catch (SQLException e) {
      throw new TransferException("reading " + url + " failed: " + TransferException.reason(e), e);
    }
  }

  /**
   * Moves to the next file: queues it with its entry and tombstones (a handful of rows); its
   * versions, which are unbounded, then stream straight from their cursor. False after the last.
   */
  private boolean nextFile() throws SQLException {
    if (files == null) {
      openCursors();
    }
    Row file = files.next();
    current = (Row.File) file;
    if (file == null) {
      for (Cursor c : List.of(entries, tombstones, versions)) {
        if (c.peek() != null) {
          throw orphan(c.peek());
        }
      }
      return false;
    }
    head.add(file);
    drain(entries, file.fileId());
    drain(tombstones, file.fileId());
    return true;
  }

  private void drain(Cursor c, String fileId) throws SQLException {
    while (c.peek() != null) {
      int cmp = c.peek().fileId().compareTo(fileId);
      if (cmp > 0) {
        return;
      }
      if (cmp < 0) {
        throw orphan(c.peek());
      }
      head.add(c.next());
    }
  }

  private TransferException orphan(Row row) {
    return new TransferException(
        url + " is inconsistent: a " + row.getClass().getSimpleName().toLowerCase()
            + " row refers to file " + row.fileId() + ", which does not exist");
  }

  private void openCursors() throws SQLException {
    String content = "backend, physical_path, size, etag, mime_type, " + dialect.jsonText("attrs");
    files =
        new Cursor(
            "SELECT id, tenant_id, created_at FROM files ORDER BY id",
            rs -> new Row.File(rs.getString(1), rs.getString(2), dialect.time(rs, 3)));
    entries =
        new Cursor(
            "SELECT file_id, tenant_id, path, " + content + ", version, created_at, modified_at"
                + " FROM entries WHERE kind = 'F' ORDER BY file_id",
            rs ->
                new Row.Entry(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    content(rs, 4),
                    rs.getLong(10),
                    dialect.time(rs, 11),
                    dialect.time(rs, 12)));
    tombstones =
        new Cursor(
            "SELECT file_id, tenant_id, path, deleted_at FROM tombstones ORDER BY file_id, path",
            rs ->
                new Row.Tombstone(
                    rs.getString(1), rs.getString(2), rs.getString(3), dialect.time(rs, 4)));
    versions =
        new Cursor(
            "SELECT file_id, tenant_id, version, " + content + ", modified_at, source"
                + " FROM file_versions ORDER BY file_id, version",
            rs ->
                new Row.Version(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getLong(3),
                    content(rs, 4),
                    dialect.time(rs, 10),
                    rs.getString(11)));
  }

  private Row.Content content(ResultSet rs, int at) throws SQLException {
    return new Row.Content(
        rs.getString(at),
        rs.getString(at + 1),
        rs.getLong(at + 2),
        rs.getString(at + 3),
        rs.getString(at + 4),
        attrs(rs.getString(at + 5)));
  }

  private static JsonNode attrs(String stored) {
    try {
      return Json.MAPPER.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new TransferException("stored attrs are not valid JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing a read-only cursor cannot lose anything
      }
    }
    try {
      conn.rollback();
    } catch (SQLException ignored) {
      // read-only: nothing to undo
    }
    try {
      conn.close();
    } catch (SQLException ignored) {
      // read-only: nothing to lose
    }
  }

  @FunctionalInterface
  private interface RowMapper {
    Row map(ResultSet rs) throws SQLException;
  }

  /** A forward-only cursor with one row of look-ahead. */
  private final class Cursor {
    private final ResultSet rs;
    private final RowMapper mapper;
    private Row head;
    private boolean done;

    Cursor(String sql, RowMapper mapper) throws SQLException {
      PreparedStatement ps =
          conn.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statements.add(ps);
      ps.setFetchSize(TransferDialect.FETCH_SIZE);
      this.rs = ps.executeQuery();
      this.mapper = mapper;
    }

    Row peek() throws SQLException {
      if (head == null && !done) {
        if (rs.next()) {
          head = mapper.map(rs);
        } else {
          done = true;
        }
      }
      return head;
    }

    Row next() throws SQLException {
      Row r = peek();
      head = null;
      return r;
    }
  }
}
