package io.metastore.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns one {@code DATABASE_URL} (or {@code metastore.database-url}) into the Quarkus datasource
 * settings: the chosen database's datasource is active, the other one is switched off, so one
 * build serves both. Sits above application.properties and below the environment.
 */
public class DatabaseUrlConfigSourceFactory implements ConfigSourceFactory {
  public static final int ORDINAL = 275;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    String raw = value(context, "metastore.database-url");
    if (raw == null) {
      raw = value(context, "DATABASE_URL");
    }
    if (raw == null && "true".equals(value(context, "metastore.dev-services-postgresql"))) {
      if (containerRuntimeAvailable()) {
        // quarkus dev with the pg profile: Dev Services start PostgreSQL and supply the URL.
        return List.of(
            new MapBackedConfigSource(
                "metastore-database-url",
                Map.of(
                    "metastore.database.kind", "postgresql",
                    "quarkus.datasource.active", "true",
                    "quarkus.datasource.sqlite.active", "false"),
                ORDINAL) {});
      }
      Map<String, String> fallback = new HashMap<>(sqliteProps(DatabaseUrl.parse(DatabaseUrl.DEFAULT, sqliteSettings(context))));
      fallback.put("quarkus.datasource.devservices.enabled", "false");
      fallback.put(
          "metastore.database.notice",
          "No container runtime (Docker/Podman) found, so Dev Services cannot start PostgreSQL:"
              + " serving the embedded SQLite default instead. To use PostgreSQL, start a container"
              + " runtime, or set DATABASE_URL=postgresql://user:pass@host:5432/db.");
      return List.of(new MapBackedConfigSource("metastore-database-url", fallback, ORDINAL) {});
    }
    DatabaseUrl.SqliteSettings sqlite = sqliteSettings(context);
    Map<String, String> props = new HashMap<>();
    DatabaseUrl url;
    try {
      url = DatabaseUrl.parse(raw, sqlite);
    } catch (RuntimeException e) {
      props.put("metastore.database.error", e.getMessage());
      url = DatabaseUrl.parse(DatabaseUrl.DEFAULT, sqlite);
    }
    if (url.kind() == DatabaseKind.SQLITE) {
      props.putAll(sqliteProps(url));
    } else {
      props.put("metastore.database.kind", url.kind().folder());
      props.put("metastore.database.jdbc-url", url.jdbcUrl());
      props.put("quarkus.datasource.reactive.url", url.reactiveUrl());
      props.put("quarkus.datasource.username", url.user());
      if (url.password() != null) {
        props.put("quarkus.datasource.password", url.password());
        props.put("metastore.database.password", url.password());
      }
      props.put("metastore.database.user", url.user());
      if (DatabaseUrl.transactionPooling(raw)) {
        // Behind PgBouncer in transaction mode: no statement outlives its transaction.
        props.put("quarkus.datasource.reactive.cache-prepared-statements", "false");
        props.put("quarkus.datasource.reactive.postgresql.use-layer7-proxy", "true");
      }
      props.put("quarkus.datasource.active", "true");
      props.put("quarkus.datasource.sqlite.active", "false");
    }
    return List.of(new MapBackedConfigSource("metastore-database-url", props, ORDINAL) {});
  }

  private static Map<String, String> sqliteProps(DatabaseUrl url) {
    return Map.of(
        "metastore.database.kind", url.kind().folder(),
        "metastore.database.jdbc-url", url.jdbcUrl(),
        "quarkus.datasource.sqlite.jdbc.url", url.jdbcUrl(),
        "quarkus.datasource.sqlite.active", "true",
        "quarkus.datasource.active", "false");
  }

  private static DatabaseUrl.SqliteSettings sqliteSettings(ConfigSourceContext context) {
    String busy = value(context, "metastore.sqlite.busy-timeout-ms");
    String sync = value(context, "metastore.sqlite.synchronous");
    return new DatabaseUrl.SqliteSettings(
        busy == null ? 5000 : Integer.parseInt(busy), sync == null ? "FULL" : sync);
  }

  /** What Testcontainers (behind Dev Services) would look for first. */
  static boolean containerRuntimeAvailable() {
    if (System.getenv("DOCKER_HOST") != null) {
      return true;
    }
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    return java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
        || (xdg != null && java.nio.file.Files.exists(java.nio.file.Path.of(xdg, "podman", "podman.sock")));
  }

  private static String value(ConfigSourceContext context, String name) {
    ConfigValue v = context.getValue(name);
    return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue();
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }
}
