package io.metastore.transfer;

import io.metastore.config.DatabaseKind;
import io.metastore.config.DatabaseUrl;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;

/**
 * What export, import and copy do differently per database: how a consistent read snapshot and a
 * writing connection are opened, and how uuids, timestamps and JSON are bound and read. The
 * tables are the same logical model on both (see the Flyway scripts).
 */
public enum TransferDialect {
  SQLITE("sqlite") {
    @Override
    Connection openSnapshot(DatabaseUrl url) throws SQLException {
      if (!Files.isRegularFile(url.sqliteFile())) {
        throw new TransferException("no SQLite database at " + url.sqliteFile());
      }
      // A deferred transaction reads one WAL snapshot from its first SELECT to its end and
      // takes no write lock, so the service can go on writing meanwhile.
      Connection c = DriverManager.getConnection(readingUrl(url).jdbcUrl(), new Properties());
      c.setAutoCommit(false);
      return c;
    }

    @Override
    Connection openWriter(DatabaseUrl url) throws SQLException {
      Connection c = DriverManager.getConnection(url.jdbcUrl(), new Properties());
      c.setAutoCommit(false);
      return c;
    }

    @Override
    String jsonText(String column) {
      return column;
    }

    @Override
    String jsonParam() {
      return "?";
    }

    @Override
    void setUuid(PreparedStatement ps, int i, String uuid) throws SQLException {
      ps.setString(i, uuid);
    }

    @Override
    void setTime(PreparedStatement ps, int i, long epochMillis) throws SQLException {
      ps.setLong(i, epochMillis);
    }

    @Override
    long time(ResultSet rs, int i) throws SQLException {
      return rs.getLong(i);
    }
  },

  POSTGRESQL("postgresql") {
    @Override
    Connection openSnapshot(DatabaseUrl url) throws SQLException {
      Connection c = DriverManager.getConnection(url.jdbcUrl(), properties(url));
      // Cursors (setFetchSize) need autocommit off; REPEATABLE READ gives every query of the
      // transaction the same snapshot, so the header's counts match the rows that follow.
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      return c;
    }

    @Override
    Connection openWriter(DatabaseUrl url) throws SQLException {
      Properties p = properties(url);
      p.setProperty("reWriteBatchedInserts", "true");
      Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
      // The conflict look-ups repeat with new values each batch; a cached generic plan, made
      // while a fresh table had no statistics, scans a whole tenant per look-up.
      try (var st = c.createStatement()) {
        st.execute("SET plan_cache_mode = force_custom_plan");
      }
      c.setAutoCommit(false);
      return c;
    }

    @Override
    void analyze(Connection c) throws SQLException {
      try (var st = c.createStatement()) {
        st.execute("ANALYZE files, entries, file_versions, tombstones");
      }
    }

    @Override
    String jsonText(String column) {
      return "CAST(" + column + " AS text)";
    }

    @Override
    String jsonParam() {
      return "CAST(? AS jsonb)";
    }

    @Override
    void setUuid(PreparedStatement ps, int i, String uuid) throws SQLException {
      ps.setObject(i, UUID.fromString(uuid));
    }

    @Override
    void setTime(PreparedStatement ps, int i, long epochMillis) throws SQLException {
      ps.setObject(i, OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
    }

    @Override
    long time(ResultSet rs, int i) throws SQLException {
      return rs.getObject(i, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private Properties properties(DatabaseUrl url) {
      Properties p = new Properties();
      p.setProperty("user", url.user());
      if (url.password() != null) {
        p.setProperty("password", url.password());
      }
      p.setProperty("connectTimeout", "10");
      p.setProperty("ApplicationName", "metastore-transfer");
      return p;
    }
  };

  /** Rows a cursor fetches per round trip. */
  static final int FETCH_SIZE = 1000;

  private final String databaseName;

  TransferDialect(String databaseName) {
    this.databaseName = databaseName;
  }

  /**
   * The URL to read a store through without changing it: for SQLite, deferred (read) transactions
   * and no journal-mode pragma, which would convert a database that is not in WAL mode.
   */
  static DatabaseUrl readingUrl(DatabaseUrl url) {
    if (url.kind() != DatabaseKind.SQLITE) {
      return url;
    }
    String jdbc =
        url.jdbcUrl()
            .replace("transaction_mode=IMMEDIATE", "transaction_mode=DEFERRED")
            .replaceAll("([?&])journal_mode=[^&]*&?", "$1")
            .replaceAll("[?&]$", "");
    return new DatabaseUrl(url.kind(), jdbc, url.reactiveUrl(), url.user(), url.password(), url.sqliteFile());
  }

  public static TransferDialect of(DatabaseUrl url) {
    return url.kind() == DatabaseKind.SQLITE ? SQLITE : POSTGRESQL;
  }

  /** "sqlite" or "postgresql", as the export header names the source. */
  public String databaseName() {
    return databaseName;
  }

  /** A read-only transaction over one consistent snapshot; closing it ends the transaction. */
  abstract Connection openSnapshot(DatabaseUrl url) throws SQLException;

  /** A connection for writing, autocommit off: the caller commits each batch. */
  abstract Connection openWriter(DatabaseUrl url) throws SQLException;

  /**
   * Refreshes the planner's statistics of the four tables, which an import grows from nothing;
   * a no-op where the planner does without (SQLite's look-ups here are all primary-key ones).
   */
  void analyze(Connection c) throws SQLException {}

  /** Select expression giving a JSON column as text. */
  abstract String jsonText(String column);

  /** SQL for a JSON parameter bound as a string. */
  abstract String jsonParam();

  abstract void setUuid(PreparedStatement ps, int i, String uuid) throws SQLException;

  abstract void setTime(PreparedStatement ps, int i, long epochMillis) throws SQLException;

  abstract long time(ResultSet rs, int i) throws SQLException;

  /** Opens a snapshot, turning a connection failure into one line that names the database. */
  Connection snapshot(DatabaseUrl url, String role) {
    try {
      return openSnapshot(url);
    } catch (SQLException e) {
      throw cannotConnect(url, role, e);
    }
  }

  /** Opens a writing connection, turning a connection failure into one line. */
  Connection writer(DatabaseUrl url, String role) {
    try {
      return openWriter(url);
    } catch (SQLException e) {
      throw cannotConnect(url, role, e);
    }
  }

  private static TransferException cannotConnect(DatabaseUrl url, String role, SQLException e) {
    return new TransferException(
        "cannot connect to the " + role + " database " + url + ": " + TransferException.reason(e), e);
  }
}
