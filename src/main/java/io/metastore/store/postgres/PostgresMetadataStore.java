package io.metastore.store.postgres;

import io.metastore.domain.FileRecord;
import io.metastore.domain.MetastoreException;
import io.metastore.domain.Page;
import io.metastore.domain.PathRules;
import io.metastore.domain.StoreUnavailableException;
import io.metastore.store.QueryRequest;
import io.metastore.store.sql.SqlMetadataStore;
import io.metastore.store.sql.SqlRow;
import io.metastore.store.sql.SqlTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The PostgreSQL adapter on the non-blocking Vert.x client. Serialization failures and deadlocks
 * (and only those) are retried with exponential back-off and jitter; a database that does not
 * answer in time gives StoreUnavailableException (503).
 *
 * <p>With {@link ReadReplicas}, reads go to a replica and writes to the primary; each write
 * reports the primary's WAL position after its commit, and a read that names such a position is
 * served only by a replica that has replayed it, else by the primary (docs/replicas.md).
 */
public final class PostgresMetadataStore extends SqlMetadataStore {
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
  private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(1);
  private final Pool pool;
  private final Duration timeout;
  private final ReadReplicas replicas;
  private final ReadYourWrites sessions;

  public PostgresMetadataStore(Pool pool, Duration timeout) {
    this(pool, timeout, null, ReadYourWrites.NONE);
  }

  /** {@code replicas} null: everything on the primary, exactly as without replicas. */
  public PostgresMetadataStore(
      Pool pool, Duration timeout, ReadReplicas replicas, ReadYourWrites sessions) {
    super(new PostgresDialect());
    this.pool = pool;
    this.timeout = timeout;
    this.replicas = replicas;
    this.sessions = sessions;
  }

  @Override
  protected <T> Uni<T> inTransaction(Function<SqlTx, Uni<T>> work) {
    Uni<T> committed =
        guard(
            pool.withTransaction(conn -> work.apply(new PgTx(conn)))
                .onFailure(PostgresMetadataStore::isRetryable)
                .retry()
                .withBackOff(Duration.ofMillis(10), Duration.ofMillis(500))
                .withJitter(0.5)
                .atMost(8));
    if (replicas == null) {
      return committed;
    }
    return Uni.createFrom()
        .deferred(
            () -> {
              ReadYourWrites.Session session = sessions.session();
              return committed.call(() -> reportPosition(session));
            });
  }

  /**
   * Any position the primary reports after the commit returned lies at or beyond the commit
   * record. The insert position, not the write position, so that this holds with
   * synchronous_commit off too. Never fails: the write is committed; without a position the
   * caller only loses the means to ask a replica for it.
   */
  private Uni<Void> reportPosition(ReadYourWrites.Session session) {
    return pool.query("SELECT pg_current_wal_insert_lsn()::text")
        .execute()
        .ifNoItem()
        .after(POSITION_TIMEOUT)
        .fail()
        .invoke(rows -> session.committed(rows.iterator().next().getString(0)))
        .replaceWithVoid()
        .onFailure()
        .recoverWithNull();
  }

  @Override
  protected <T> Uni<T> reading(Function<SqlTx, Uni<T>> work) {
    Uni<T> onPrimary = pool.withConnection(conn -> work.apply(new PgTx(conn)));
    if (replicas == null) {
      return guard(onPrimary);
    }
    return guard(
        Uni.createFrom()
            .deferred(
                () -> {
                  long minimum =
                      Lsn.parse(sessions.session().minimumPosition(), "minimum WAL position");
                  return replicas.read(minimum, conn -> work.apply(new PgTx(conn)), () -> onPrimary);
                }));
  }

  /** Readiness follows the primary, whatever the replicas do. */
  @Override
  public Uni<Void> ping() {
    return guard(pool.withConnection(conn -> new PgTx(conn).query("SELECT 1"))).replaceWithVoid();
  }

  private <T> Uni<T> guard(Uni<T> call) {
    return call.ifNoItem()
        .after(timeout)
        .failWith(() -> new StoreUnavailableException("PostgreSQL did not answer in time", null))
        .onFailure(t -> !(t instanceof MetastoreException))
        .transform(PostgresMetadataStore::translate);
  }

  /**
   * Attribute containment through jsonb @>, GIN index first: the matches are collected from
   * {@code entries_attrs} (materialised, with a plan made for the actual document), then sorted
   * by path. Cost follows the number of matches, not the tenant's size; with ORDER BY ... LIMIT
   * alone the planner tends to walk the primary key and filter every row. An empty document
   * matches everything, so it is a plain keyset range scan.
   */
  @Override
  public Uni<Page<FileRecord>> query(String tenant, QueryRequest req) {
    if (req.attrs().isEmpty()) {
      return reading(
              tx ->
                  tx.query(
                      "SELECT " + recordColumns() + " FROM entries WHERE tenant_id = ? AND kind = 'F'"
                          + " AND path > ? AND path < ? ORDER BY path LIMIT ?",
                      tenant, startKey(req), PathRules.rangeEnd(req.directory()), (long) req.limit() + 1))
          .map(rows -> page(records(rows), req.limit(), req.scope(), FileRecord::path));
    }
    // Connections run with plan_cache_mode=force_custom_plan (application.properties), so the
    // plan is made for this document.
    return reading(
            tx ->
                tx.query(
                    "WITH hits AS MATERIALIZED (SELECT " + recordColumns() + " FROM entries"
                        + " WHERE tenant_id = ? AND attrs @> CAST(CAST(? AS text) AS jsonb)"
                        + " AND path > ? AND path < ?)"
                        + " SELECT * FROM hits ORDER BY path LIMIT ?",
                    tenant, req.attrsJson(), startKey(req), PathRules.rangeEnd(req.directory()),
                    (long) req.limit() + 1))
        .map(rows -> page(records(rows), req.limit(), req.scope(), FileRecord::path));
  }

  private List<FileRecord> records(List<SqlRow> rows) {
    return rows.stream().map(r -> toRecord(r, 0)).toList();
  }

  private static boolean isRetryable(Throwable t) {
    return t instanceof PgException pg && RETRYABLE.contains(pg.getSqlState());
  }

  /** Classified by SQLSTATE; anything else the client raises is a connection problem. */
  static Throwable translate(Throwable t) {
    if (t instanceof PgException pg) {
      String state = pg.getSqlState();
      if (state != null
          && (state.startsWith("08")
              || state.startsWith("57P")
              || state.equals("53300")
              || state.startsWith("53")
              || RETRYABLE.contains(state))) {
        return new StoreUnavailableException("PostgreSQL is unavailable (" + state + ")", t);
      }
      return t;
    }
    if (t instanceof IllegalStateException || t instanceof NullPointerException
        || t instanceof ClassCastException || t instanceof IllegalArgumentException) {
      return t;
    }
    return new StoreUnavailableException("cannot reach PostgreSQL: " + t.getMessage(), t);
  }
}
