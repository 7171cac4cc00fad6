package io.metastore;

import io.metastore.config.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Where tests find their databases. PostgreSQL: TEST_DATABASE_URL if set; otherwise a
 * Testcontainers PostgreSQL when a Docker engine exists; otherwise the local server
 * (postgresql://postgres@127.0.0.1:5432/test). Never skipped: an unreachable server fails.
 */
public final class TestDatabases {
  public static final String LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test";
  private static String postgres;

  private TestDatabases() {}

  public static synchronized String postgresUrl() {
    if (postgres == null) {
      String env = System.getenv("TEST_DATABASE_URL");
      if (env != null && !env.isBlank() && env.startsWith("postgres")) {
        postgres = env;
      } else if (env == null && dockerAvailable()) {
        postgres = Containers.start();
      } else {
        postgres = LOCAL_POSTGRES;
      }
    }
    return postgres;
  }

  private static boolean dockerAvailable() {
    if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null) {
      return false;
    }
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  /** A fresh SQLite file URL under target/. */
  public static String sqliteUrl() {
    try {
      Path dir = Path.of("target", "test-data");
      Files.createDirectories(dir);
      return "sqlite:///" + dir.resolve("t-" + UUID.randomUUID() + ".db");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A new, empty PostgreSQL database on the test server; returns its URL. */
  public static String freshPostgresDatabase() {
    String base = postgresUrl();
    DatabaseUrl url = DatabaseUrl.parse(base);
    String name = "metastore_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect(url); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test database on " + url, e);
    }
    int slash = base.lastIndexOf('/');
    int q = base.indexOf('?', slash);
    return base.substring(0, slash + 1) + name + (q >= 0 ? base.substring(q) : "");
  }

  public static void dropPostgresDatabase(String urlText) {
    DatabaseUrl url = DatabaseUrl.parse(urlText);
    String name = url.reactiveUrl().substring(url.reactiveUrl().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    try (Connection c = connect(DatabaseUrl.parse(postgresUrl())); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (Exception e) {
      // best effort clean-up
    }
  }

  public static Connection connect(DatabaseUrl url) throws java.sql.SQLException {
    Properties p = new Properties();
    if (url.user() != null) {
      p.setProperty("user", url.user());
    }
    if (url.password() != null) {
      p.setProperty("password", url.password());
    }
    return DriverManager.getConnection(url.jdbcUrl(), p);
  }

  /** Kept in its own class so Testcontainers is only touched when Docker exists. */
  static final class Containers {
    static String start() {
      var pg = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15-alpine");
      pg.start();
      return "postgresql://" + pg.getUsername() + ":" + pg.getPassword() + "@" + pg.getHost() + ":"
          + pg.getMappedPort(5432) + "/" + pg.getDatabaseName();
    }
  }
}
