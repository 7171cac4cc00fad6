package io.metastore.config;

import io.metastore.domain.InvalidInputException;
import io.metastore.store.postgres.ReadReplicas;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code DATABASE_READ_URL}: one or more PostgreSQL replica URLs, comma-separated, in the forms
 * {@code DATABASE_URL} takes. Only a PostgreSQL primary reads from replicas; unset, nothing changes.
 * A malformed value stops the process at start-up, like a malformed {@code DATABASE_URL}.
 */
@ApplicationScoped
public class ReadReplicaConfig {
  private static final Logger LOG = Logger.getLogger(ReadReplicaConfig.class);

  @ConfigProperty(name = "metastore.database-read-url")
  Optional<String> readUrl;

  @ConfigProperty(name = "metastore.database.kind")
  String kind;

  @ConfigProperty(name = "metastore.read-replicas.pool-size", defaultValue = "8")
  int poolSize;

  @ConfigProperty(name = "metastore.read-replicas.max-lag", defaultValue = "10s")
  Duration maxLag;

  @ConfigProperty(name = "metastore.read-replicas.check-interval", defaultValue = "1s")
  Duration checkInterval;

  @ConfigProperty(name = "metastore.read-replicas.timeout", defaultValue = "2s")
  Duration timeout;

  void onStart(@Observes StartupEvent event) {
    if (readUrl.isPresent() && !enabled()) {
      LOG.warnf("DATABASE_READ_URL is ignored: read replicas need a PostgreSQL DATABASE_URL");
      return;
    }
    try {
      urls();
    } catch (InvalidInputException e) {
      LOG.errorf("DATABASE_READ_URL is invalid: %s", e.getMessage());
      Quarkus.asyncExit(2);
    }
  }

  /** Whether reads go to replicas: a read URL is set and the primary is PostgreSQL. */
  public boolean enabled() {
    return readUrl.isPresent() && DatabaseKind.POSTGRESQL.folder().equals(kind);
  }

  /** One replica: its URL, and whether it is reached through a transaction-mode pooler. */
  public record Replica(DatabaseUrl url, boolean transactionPooling) {}

  /** The replicas, in the order given; empty unless {@link #enabled()}. */
  public List<Replica> urls() {
    if (!enabled()) {
      return List.of();
    }
    return parse(readUrl.get());
  }

  /** Splits and parses a DATABASE_READ_URL value; InvalidInputException names the bad entry. */
  public static List<Replica> parse(String value) {
    List<Replica> urls = new ArrayList<>();
    String[] entries = value.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      DatabaseUrl url = DatabaseUrl.parse(entry);
      if (url.kind() != DatabaseKind.POSTGRESQL) {
        throw new InvalidInputException(
            "DATABASE_READ_URL", "entry " + (i + 1) + " is not a PostgreSQL URL: " + DatabaseUrl.redact(entry));
      }
      urls.add(new Replica(url, DatabaseUrl.transactionPooling(entry)));
    }
    if (urls.isEmpty()) {
      throw new InvalidInputException("DATABASE_READ_URL", "names no URL");
    }
    return urls;
  }

  public int poolSize() {
    return poolSize;
  }

  public ReadReplicas.Settings settings() {
    return new ReadReplicas.Settings(maxLag, checkInterval, timeout);
  }
}
