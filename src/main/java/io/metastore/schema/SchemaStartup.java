package io.metastore.schema;

import io.metastore.config.DatabaseKind;
import io.metastore.config.DatabaseUrl;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the schema to the latest revision after start-up, on a background thread so that a
 * database that is down does not stop the process: it retries with back-off, one log line per
 * attempt, and readiness stays DOWN until the schema is current. A schema newer than this build
 * stops the process with a clear message.
 */
@ApplicationScoped
public class SchemaStartup {
  private static final Logger LOG = Logger.getLogger(SchemaStartup.class);

  @ConfigProperty(name = "metastore.database.kind")
  String kind;

  @ConfigProperty(name = "metastore.database.jdbc-url")
  Optional<String> jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  Optional<String> reactiveUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> reactiveUser;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> reactivePassword;

  @ConfigProperty(name = "metastore.database.notice")
  Optional<String> notice;

  @ConfigProperty(name = "metastore.database.user")
  Optional<String> user;

  @ConfigProperty(name = "metastore.database.password")
  Optional<String> password;

  @ConfigProperty(name = "metastore.database.error")
  Optional<String> urlError;

  @ConfigProperty(name = "metastore.schema.migrate-at-start", defaultValue = "true")
  boolean migrateAtStart;

  @ConfigProperty(name = "metastore.schema.max-backoff", defaultValue = "30s")
  Duration maxBackoff;

  private final AtomicBoolean current = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile String lastProblem = "schema not checked yet";

  void onStart(@Observes StartupEvent event) {
    notice.ifPresent(LOG::warn);
    if (urlError.isPresent()) {
      LOG.errorf("DATABASE_URL is invalid: %s", urlError.get());
      Quarkus.asyncExit(2);
      return;
    }
    Thread t = new Thread(this::bringUpToDate, "metastore-schema");
    t.setDaemon(true);
    t.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  public boolean isCurrent() {
    return current.get();
  }

  public String problem() {
    return lastProblem;
  }

  private void bringUpToDate() {
    SchemaMigrator migrator = new SchemaMigrator(url());
    long delay = 500;
    for (int attempt = 1; !stopping; attempt++) {
      try {
        SchemaMigrator.Status status = migrator.status();
        if (!status.unknownApplied().isEmpty()) {
          LOG.errorf(
              "The database schema is at revision %s, newer than this build (latest %s); refusing to start."
                  + " Deploy a newer build, or run 'db downgrade --to %s' with the newer one.",
              status.current(), status.latest(), status.latest());
          Quarkus.asyncExit(3);
          return;
        }
        if (!status.pending().isEmpty()) {
          if (!migrateAtStart) {
            throw new SchemaMigrator.SchemaException(
                "schema at revision " + status.current() + ", pending " + status.pending()
                    + " (metastore.schema.migrate-at-start=false; run 'db upgrade')");
          }
          int ran = migrator.upgrade(null);
          LOG.infof("Schema migrated to revision %s (%d migration(s) applied)", status.latest(), ran);
        } else {
          LOG.infof("Schema is current at revision %s", status.current());
        }
        current.set(true);
        lastProblem = null;
        return;
      } catch (RuntimeException e) {
        lastProblem = oneLine(e);
        LOG.warnf("Database not ready (attempt %d, next in %d ms): %s", attempt, delay, lastProblem);
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delay = Math.min(delay * 2, maxBackoff.toMillis());
    }
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return msg.replaceAll("\\s+", " ").trim();
  }

  DatabaseUrl url() {
    DatabaseKind k = DatabaseKind.SQLITE.folder().equals(kind) ? DatabaseKind.SQLITE : DatabaseKind.POSTGRESQL;
    if (jdbcUrl.isEmpty() && reactiveUrl.isPresent()) {
      // Dev Services supplied only the reactive URL: Flyway gets the same server over JDBC.
      String reactive = reactiveUrl.get().replaceFirst("^vertx-reactive:", "");
      DatabaseUrl parsed = DatabaseUrl.parse(reactive);
      return new DatabaseUrl(k, parsed.jdbcUrl(), null, reactiveUser.orElse(parsed.user()),
          reactivePassword.orElse(parsed.password()), null);
    }
    return new DatabaseUrl(k, jdbcUrl.orElseThrow(), null, user.orElse(null), password.orElse(null), null);
  }
}
