package io.metastore.store;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.postgres.PostgresMetadataStore;
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

  public static synchronized MetadataStore postgresOn(DatabaseUrl url) {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    PgConnectOptions options = PgConnectOptions.fromUri(url.reactiveUrl()).setUser(url.user());
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    options.setCachePreparedStatements(true);
    options.addProperty("plan_cache_mode", "force_custom_plan");
    var pool =
        PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(16)).using(vertx).build();
    return new PostgresMetadataStore(
        io.vertx.mutiny.sqlclient.Pool.newInstance(pool), Duration.ofSeconds(30));
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
