package io.metastore.bench;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.MetadataStore;
import io.metastore.store.postgres.PostgresMetadataStore;
import io.metastore.store.sqlite.SqliteMetadataStore;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An adapter on a fresh, migrated database, wired as {@code StoreProducer} and
 * application.properties wire production, outside Quarkus:
 *
 * <ul>
 *   <li>SQLite: a file under {@code target/jmh-data/} (journal_mode=WAL, synchronous=FULL,
 *       busy_timeout=5000, as DatabaseUrl builds it) behind an Agroal pool (agroal-pool, the
 *       library Quarkus uses) with production's settings: min 0, max 8, 8 s acquisition timeout,
 *       no JTA; reads run on a cached worker pool (Quarkus: its worker pool), writes on the
 *       adapter's own writer thread.
 *   <li>PostgreSQL: database {@code bench_jmh} (dropped and re-created per trial, dropped at
 *       tear-down) on {@code $BENCH_POSTGRES_URL} (or system property {@code metastore.bench.postgres}), default
 *       {@code postgresql://postgres@127.0.0.1:5432/bench_jmh}; Vert.x reactive pool of 20 with
 *       prepared-statement cache (production's quarkus.datasource.reactive settings); request
 *       timeout 30 s (production: 8 s) so a slow batch on a loaded machine is not a failure.
 * </ul>
 */
final class BenchStore implements AutoCloseable {
  static final String DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/bench_jmh";

  private final MetadataStore store;
  private final Runnable closer;
  private final Runnable analyzer;

  private BenchStore(MetadataStore store, Runnable closer, Runnable analyzer) {
    this.store = store;
    this.closer = closer;
    this.analyzer = analyzer;
  }

  /**
   * PostgreSQL: ANALYZE, as autovacuum does in a running database (it also invalidates plans the
   * pooled connections cached while the tables were small). SQLite: nothing, as in production,
   * which never runs ANALYZE.
   */
  void analyze() {
    analyzer.run();
  }

  MetadataStore store() {
    return store;
  }

  /**
   * Mutiny's default executor and scheduler (retry back-off, timeouts) use non-daemon threads
   * outside Quarkus, which would keep a forked benchmark JVM alive after its trial; Quarkus puts
   * its own worker pool there. Here: a small daemon scheduled pool.
   */
  private static synchronized void daemonMutinyExecutor() {
    if (!(Infrastructure.getDefaultExecutor() instanceof DaemonScheduler)) {
      Infrastructure.setDefaultExecutor(new DaemonScheduler(), true);
    }
  }

  private static final class DaemonScheduler extends ScheduledThreadPoolExecutor {
    private static final AtomicInteger COUNT = new AtomicInteger();

    DaemonScheduler() {
      super(
          2,
          r -> {
            Thread t = new Thread(r, "bench-mutiny-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
  }

  /**
   * Outside Quarkus, slf4j goes to JBoss LogManager, which quarkus-core's InitialConfigurator
   * leaves at level ALL with a delayed handler that queues every record for a logging set-up that
   * never comes: sqlite-jdbc then formats (MessageFormat) and queues a TRACE record for every
   * prepared statement, which production (INFO) never does. Benchmarks log at INFO, as production.
   */
  private static void productionLogLevel() {
    org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
  }

  static BenchStore open(String database) {
    productionLogLevel();
    daemonMutinyExecutor();
    return switch (database) {
      case "sqlite" -> sqlite();
      case "postgresql" -> postgres();
      default -> throw new IllegalArgumentException("database must be sqlite or postgresql: " + database);
    };
  }

  private static BenchStore sqlite() {
    Path file = Path.of("target", "jmh-data", "bench-" + UUID.randomUUID() + ".db").toAbsolutePath();
    DatabaseUrl url = DatabaseUrl.parse("sqlite:///" + file);
    new SchemaMigrator(url).upgrade(null);
    AgroalDataSource ds;
    try {
      ds =
          AgroalDataSource.from(
              new AgroalDataSourceConfigurationSupplier()
                  .connectionPoolConfiguration(
                      pool ->
                          pool.initialSize(0)
                              .minSize(0)
                              .maxSize(8)
                              .acquisitionTimeout(Duration.ofSeconds(8))
                              .connectionFactoryConfiguration(
                                  cf ->
                                      cf.jdbcUrl(url.jdbcUrl())
                                          .connectionProviderClass(org.sqlite.JDBC.class))));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot start the SQLite pool", e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService workers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "bench-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    SqliteMetadataStore store = new SqliteMetadataStore(ds, workers);
    return new BenchStore(
        store,
        () -> {
          store.close();
          workers.shutdownNow();
          ds.close();
          for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
              Files.deleteIfExists(Path.of(file + suffix));
            } catch (java.io.IOException e) {
              // best effort
            }
          }
        },
        () -> {});
  }

  static String postgresUrlText() {
    String url = System.getProperty("metastore.bench.postgres");
    if (url == null || url.isBlank()) {
      url = System.getenv("BENCH_POSTGRES_URL");
    }
    return url == null || url.isBlank() ? DEFAULT_POSTGRES : url;
  }

  private static BenchStore postgres() {
    DatabaseUrl url = DatabaseUrl.parse(postgresUrlText());
    String name = databaseName(url);
    admin(url, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    admin(url, "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    new SchemaMigrator(url).upgrade(null);
    // daemon threads: a trial that fails (and skips its tear-down) must not keep the fork alive
    Vertx vertx = Vertx.vertx(new VertxOptions().setUseDaemonThread(true));
    PgConnectOptions options = PgConnectOptions.fromUri(url.reactiveUrl()).setUser(url.user());
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    options.setCachePreparedStatements(true);
    var pool =
        PgBuilder.pool()
            .connectingTo(options)
            .with(new PoolOptions().setMaxSize(20))
            .using(vertx)
            .build();
    MetadataStore store =
        new PostgresMetadataStore(
            io.vertx.mutiny.sqlclient.Pool.newInstance(pool), Duration.ofSeconds(30));
    return new BenchStore(
        store,
        () -> {
          try {
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            // dropped with FORCE below anyway
          }
          admin(url, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        },
        () -> run(url, url.jdbcUrl(), "ANALYZE"));
  }

  private static String databaseName(DatabaseUrl url) {
    String base = url.reactiveUrl().replaceAll("\\?.*", "");
    String name = base.substring(base.lastIndexOf('/') + 1);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("benchmark database name must be a plain identifier: " + name);
    }
    if (name.equals("postgres")) {
      throw new IllegalArgumentException("refusing to drop and re-create the 'postgres' database");
    }
    return name;
  }

  /** Runs one statement on the server's "postgres" database (for CREATE/DROP DATABASE). */
  private static void admin(DatabaseUrl url, String sql) {
    String jdbc = url.jdbcUrl();
    int q = jdbc.indexOf('?');
    String query = q >= 0 ? jdbc.substring(q) : "";
    String base = q >= 0 ? jdbc.substring(0, q) : jdbc;
    run(url, base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + query, sql);
  }

  private static void run(DatabaseUrl url, String adminUrl, String sql) {
    Properties p = new Properties();
    p.setProperty("user", url.user());
    if (url.password() != null) {
      p.setProperty("password", url.password());
    }
    try (Connection c = DriverManager.getConnection(adminUrl, p);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + " failed on " + DatabaseUrl.redact(adminUrl), e);
    }
  }

  @Override
  public void close() {
    closer.run();
  }
}
