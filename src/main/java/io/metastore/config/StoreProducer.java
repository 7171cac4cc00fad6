package io.metastore.config;

import io.agroal.api.AgroalDataSource;
import io.metastore.store.MetadataStore;
import io.metastore.store.postgres.PostgresMetadataStore;
import io.metastore.store.postgres.ReadReplicas;
import io.metastore.store.sqlite.SqliteMetadataStore;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the one adapter that {@code DATABASE_URL} selects; the other datasource stays inactive.
 * With {@code DATABASE_READ_URL} on PostgreSQL, it also builds a pool per replica, on the Vert.x
 * instance Quarkus manages, with the primary pool's statement and session settings.
 */
@ApplicationScoped
public class StoreProducer {
  private static final String ADDITIONAL_PROPERTIES = "quarkus.datasource.reactive.additional-properties.";

  @ConfigProperty(name = "metastore.database.kind")
  String kind;

  @ConfigProperty(name = "metastore.database.jdbc-url")
  java.util.Optional<String> jdbcUrl;

  @ConfigProperty(name = "metastore.request-timeout", defaultValue = "8s")
  Duration timeout;

  @ConfigProperty(name = "quarkus.datasource.reactive.cache-prepared-statements", defaultValue = "false")
  boolean cachePreparedStatements;

  @ConfigProperty(name = "quarkus.datasource.reactive.postgresql.use-layer7-proxy", defaultValue = "false")
  boolean layer7Proxy;

  @ConfigProperty(name = "quarkus.datasource.reactive.idle-timeout", defaultValue = "PT10M")
  Duration idleTimeout;

  @Inject ReadReplicaConfig replicaConfig;
  @Inject Vertx vertx;

  private volatile ReadReplicas replicas;

  @Produces
  @ApplicationScoped
  MetadataStore store(
      @DataSource("sqlite") InjectableInstance<AgroalDataSource> sqlite,
      InjectableInstance<Pool> postgres) {
    if (DatabaseKind.SQLITE.folder().equals(kind)) {
      io.metastore.schema.SchemaMigrator.createSqliteDirectory(jdbcUrl.orElseThrow());
      return new SqliteMetadataStore(sqlite.get(), Infrastructure.getDefaultWorkerPool());
    }
    if (!replicaConfig.enabled()) {
      return new PostgresMetadataStore(postgres.get(), timeout);
    }
    List<ReadReplicas.Target> targets = new ArrayList<>();
    List<ReadReplicaConfig.Replica> urls = replicaConfig.urls();
    for (int i = 0; i < urls.size(); i++) {
      targets.add(new ReadReplicas.Target(urls.get(i).url().toString(), replicaPool(urls.get(i), i)));
    }
    replicas = ReadReplicas.start(vertx, postgres.get(), targets, replicaConfig.settings());
    return new PostgresMetadataStore(postgres.get(), timeout, replicas, new RequestConsistency());
  }

  /** The replicas reads go to, once the store is built; empty without them. */
  public Optional<ReadReplicas> replicas() {
    return Optional.ofNullable(replicas);
  }

  /** Statement settings as the primary pool's, and never cached behind a transaction pooler. */
  private Pool replicaPool(ReadReplicaConfig.Replica replica, int index) {
    DatabaseUrl url = replica.url();
    PgConnectOptions options =
        PgConnectOptions.fromUri(url.reactiveUrl())
            .setUser(url.user())
            .setCachePreparedStatements(cachePreparedStatements && !replica.transactionPooling())
            .setUseLayer7Proxy(layer7Proxy || replica.transactionPooling())
            .setMetricsName("metastore-read-replica-" + index)
            .setConnectTimeout((int) replicaConfig.settings().timeout().toMillis());
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    // The primary pool's session settings (e.g. plan_cache_mode) hold on replicas too.
    Config config = ConfigProvider.getConfig();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(ADDITIONAL_PROPERTIES)) {
        config
            .getOptionalValue(name, String.class)
            .ifPresent(v -> options.addProperty(name.substring(ADDITIONAL_PROPERTIES.length()), v));
      }
    }
    PoolOptions pool =
        new PoolOptions()
            .setName("metastore-read-replica-" + index)
            .setMaxSize(replicaConfig.poolSize())
            .setIdleTimeout((int) idleTimeout.toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            // No pool wait timer: the replica read's own timeout bounds the wait, and in Vert.x
            // 4.5 that timer, left running after a refused connect, fails an already failed
            // request ("Result is already complete", logged for every attempt).
            .setConnectionTimeout(0);
    return Pool.newInstance(PgBuilder.pool().with(pool).connectingTo(options).using(vertx).build());
  }

  @PreDestroy
  void close() {
    if (replicas != null) {
      replicas.close();
    }
  }
}
