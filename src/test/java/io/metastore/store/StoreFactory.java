package io.metastore.store;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.postgres.PostgresMetadataStore;
import io.metastore.store.postgres.ReadReplicas;
import io.metastore.store.postgres.ReadYourWrites;
import io.metastore.store.sqlite.SqliteMetadataStore;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Builds an adapter on a migrated database, outside Quarkus, for the contract suite. */
public final class StoreFactory {
  private static Vertx vertx;

  private StoreFactory() {}

  public static MetadataStore sqlite() {
    DatabaseUrl url = DatabaseUrl.parse(TestDatabases.sqliteUrl());
    new SchemaMigrator(url).upgrade(null);
    return new SqliteMetadataStore(new DriverDataSource(url.jdbcUrl()), Infrastructure.getDefaultWorkerPool());
  }

  /** An adapter on the SQLite file at {@code url}, which must be migrated already. */
  public static MetadataStore sqliteOn(DatabaseUrl url) {
    return new SqliteMetadataStore(new DriverDataSource(url.jdbcUrl()), Infrastructure.getDefaultWorkerPool());
  }

  private static MetadataStore postgresStore;

  public static synchronized MetadataStore postgres() {
    if (postgresStore == null) {
      DatabaseUrl url = DatabaseUrl.parse(TestDatabases.postgresUrl());
      new SchemaMigrator(url).upgrade(null);
      postgresStore = postgresOn(url);
    }
    return postgresStore;
  }

  public static MetadataStore postgresOn(DatabaseUrl url) {
    return postgresOn(url, Statements.DEFAULT);
  }

  /** An adapter on {@code url} whose pool uses {@code statements} (PgBouncer needs other ones). */
  public static MetadataStore postgresOn(DatabaseUrl url, Statements statements) {
    return new PostgresMetadataStore(pool(url, statements, 16), Duration.ofSeconds(30));
  }

  /** An adapter on a URL as the service builds it, {@code ?pgbouncer=true} included. */
  public static MetadataStore postgresOn(String url) {
    boolean pooled = DatabaseUrl.transactionPooling(url);
    return postgresOn(DatabaseUrl.parse(url), pooled ? Statements.TRANSACTION_POOLING : Statements.DEFAULT);
  }

  /**
   * How the reactive client runs statements: the service's defaults cache named prepared
   * statements per connection; behind a transaction pooler neither that nor session affinity holds.
   */
  public record Statements(boolean cachePrepared, boolean layer7Proxy) {
    public static final Statements DEFAULT = new Statements(true, false);
    public static final Statements TRANSACTION_POOLING = new Statements(false, true);
  }

  /** An adapter reading from {@code replicas}, and the replica set it routes with. */
  public record ReplicatedStore(PostgresMetadataStore store, ReadReplicas replicas) {}

  /** Like the service with DATABASE_READ_URL: reads on {@code replicas}, writes on {@code primary}. */
  public static ReplicatedStore postgresWithReplicas(
      DatabaseUrl primary,
      List<DatabaseUrl> replicas,
      ReadReplicas.Settings settings,
      ReadYourWrites sessions) {
    var primaryPool = pool(primary, Statements.DEFAULT, 16);
    List<ReadReplicas.Target> targets = new ArrayList<>();
    for (DatabaseUrl r : replicas) {
      targets.add(new ReadReplicas.Target(r.toString(), pool(r, Statements.DEFAULT, 8, 0)));
    }
    ReadReplicas set = ReadReplicas.start(vertx(), primaryPool, targets, settings);
    return new ReplicatedStore(
        new PostgresMetadataStore(primaryPool, Duration.ofSeconds(30), set, sessions), set);
  }

  public static io.vertx.mutiny.sqlclient.Pool pool(
      DatabaseUrl url, Statements statements, int size) {
    return pool(url, statements, size, PoolOptions.DEFAULT_CONNECTION_TIMEOUT);
  }

  /** {@code acquireTimeoutSeconds} 0: no pool wait timer, as the service's replica pools. */
  public static synchronized io.vertx.mutiny.sqlclient.Pool pool(
      DatabaseUrl url, Statements statements, int size, int acquireTimeoutSeconds) {
    PgConnectOptions options =
        PgConnectOptions.fromUri(url.reactiveUrl())
            .setUser(url.user())
            .setCachePreparedStatements(statements.cachePrepared())
            .setUseLayer7Proxy(statements.layer7Proxy());
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    options.addProperty("plan_cache_mode", "force_custom_plan");
    var pool =
        PgBuilder.pool()
            .connectingTo(options)
            .with(new PoolOptions().setMaxSize(size).setConnectionTimeout(acquireTimeoutSeconds))
            .using(vertx())
            .build();
    return io.vertx.mutiny.sqlclient.Pool.newInstance(pool);
  }

  public static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  /** A connection per call; enough for tests (SQLite connections are cheap). */
  record DriverDataSource(String url) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
