package io.metastore.schema;

import io.metastore.config.DatabaseKind;
import io.metastore.config.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Schema lifecycle over Flyway: up-migrations {@code V<n>__name.sql} per database in
 * {@code db/migration/<database>/}; each has a down script {@code D<n>__name.sql} beside it,
 * which Flyway ignores and {@link #downgrade} runs (open-source Flyway has no undo).
 */
public final class SchemaMigrator {
  public static final String LOCATION = "db/migration/";
  private final DatabaseUrl url;

  public SchemaMigrator(DatabaseUrl url) {
    this.url = url;
    if (url.kind() == DatabaseKind.SQLITE) {
      createSqliteDirectory(url.jdbcUrl());
    }
  }

  /** SQLite creates the file but not its directory. */
  public static void createSqliteDirectory(String sqliteJdbcUrl) {
    String file = sqliteJdbcUrl.substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    java.nio.file.Path parent = java.nio.file.Path.of(q >= 0 ? file.substring(0, q) : file).getParent();
    if (parent != null) {
      try {
        java.nio.file.Files.createDirectories(parent);
      } catch (IOException e) {
        throw new SchemaException("cannot create the SQLite data directory " + parent + ": " + e.getMessage());
      }
    }
  }

  public DatabaseUrl url() {
    return url;
  }

  private Flyway flyway(String target) {
    var config =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(url.jdbcUrl(), url.user(), url.password())
            .locations("classpath:" + LOCATION + url.kind().folder())
            .resourceProvider(
                new MigrationIndex(LOCATION + url.kind().folder(), SchemaMigrator.class.getClassLoader()))
            .javaMigrationClassProvider(new MigrationIndex.NoJavaMigrations())
            .validateMigrationNaming(false)
            .cleanDisabled(true)
            .connectRetries(0);
    if (target != null) {
      config.target(MigrationVersion.fromVersion(target));
    }
    return config.load();
  }

  /** Current and latest revision, and what is pending. */
  public Status status() {
    MigrationInfo[] all = flyway(null).info().all();
    String current = null;
    String latest = null;
    List<String> pending = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (MigrationInfo m : all) {
      if (m.getVersion() == null) {
        continue;
      }
      String v = m.getVersion().getVersion();
      if (m.getState() == MigrationState.SUCCESS) {
        current = v;
      }
      if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
        unknown.add(v);
        current = v;
      } else {
        latest = v;
      }
      if (m.getState() == MigrationState.PENDING) {
        pending.add(v + " " + m.getDescription());
      }
    }
    return new Status(current, latest, pending, unknown);
  }

  /** Applies every pending migration up to {@code target} (null: latest). Returns how many ran. */
  public int upgrade(String target) {
    Status s = status();
    if (!s.unknownApplied().isEmpty()) {
      throw new SchemaException(
          "the database schema is at revision " + s.current()
              + ", newer than this build knows (latest " + s.latest()
              + "); use a newer build or 'db downgrade' with it");
    }
    return exclusively(() -> flyway(target).migrate().migrationsExecuted);
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, Object> JVM_LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * PostgreSQL: Flyway's own advisory lock serialises migrators. SQLite: an OS file lock beside
   * the database file (other processes) and a JVM lock (other threads) do.
   */
  private <T> T exclusively(java.util.function.Supplier<T> work) {
    if (url.kind() != DatabaseKind.SQLITE) {
      return work.get();
    }
    String file = url.jdbcUrl().substring("jdbc:sqlite:".length()).replaceAll("\\?.*$", "");
    java.nio.file.Path lockFile = java.nio.file.Path.of(file + ".migrate-lock");
    synchronized (JVM_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().toString(), k -> new Object())) {
      try (java.nio.channels.FileChannel ch =
              java.nio.channels.FileChannel.open(
                  lockFile, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
          java.nio.channels.FileLock lock = ch.lock()) {
        return work.get();
      } catch (IOException e) {
        throw new SchemaException("cannot lock " + lockFile + " for migration: " + e.getMessage());
      }
    }
  }

  /**
   * Reverts applied migrations newer than {@code target}, newest first, each in its own
   * transaction with its history row, so a failure leaves a consistent revision.
   */
  public List<String> downgrade(String target) {
    return exclusively(() -> downgradeLocked(target));
  }

  private List<String> downgradeLocked(String target) {
    MigrationVersion to = MigrationVersion.fromVersion(target);
    List<MigrationInfo> applied =
        new ArrayList<>(
            Arrays.stream(flyway(null).info().applied())
                .filter(m -> m.getVersion() != null && m.getState().isApplied())
                .filter(m -> m.getVersion().compareTo(to) > 0)
                .toList());
    applied.sort(Comparator.comparing(MigrationInfo::getVersion).reversed());
    List<String> reverted = new ArrayList<>();
    for (MigrationInfo m : applied) {
      String script = m.getScript();
      if (script == null || !script.startsWith("V")) {
        throw new SchemaException("revision " + m.getVersion() + " has no script to revert");
      }
      String down = "D" + script.substring(1);
      String sql = resource(LOCATION + url.kind().folder() + "/" + down);
      if (sql == null) {
        throw new SchemaException("no down script " + down + " for revision " + m.getVersion());
      }
      runInTransaction(sql, m.getVersion().getVersion());
      reverted.add(m.getVersion().getVersion());
    }
    return reverted;
  }

  private void runInTransaction(String sql, String version) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String statement : splitStatements(sql)) {
          st.execute(statement);
        }
        try (PreparedStatement del =
            c.prepareStatement("DELETE FROM flyway_schema_history WHERE version = ?")) {
          del.setString(1, version);
          del.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new SchemaException("reverting revision " + version + " failed: " + e.getMessage());
    }
  }

  public Connection connect() throws SQLException {
    Properties p = new Properties();
    if (url.user() != null) {
      p.setProperty("user", url.user());
    }
    if (url.password() != null) {
      p.setProperty("password", url.password());
    }
    return DriverManager.getConnection(url.jdbcUrl(), p);
  }

  static String resource(String name) {
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SchemaException("cannot read " + name + ": " + e.getMessage());
    }
  }

  /** Splits a migration script at semicolons that end a line; comments are dropped. */
  static List<String> splitStatements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      cur.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String s = cur.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  public static DatabaseKind kindOf(DatabaseUrl url) {
    return url.kind();
  }

  /** Revisions as the database and this build see them. */
  public record Status(String current, String latest, List<String> pending, List<String> unknownApplied) {
    public boolean upToDate() {
      return pending.isEmpty() && unknownApplied.isEmpty() && current != null;
    }
  }

  /** A schema operation that cannot proceed; the message is one line for the user. */
  public static final class SchemaException extends RuntimeException {
    public SchemaException(String message) {
      super(message);
    }
  }
}
