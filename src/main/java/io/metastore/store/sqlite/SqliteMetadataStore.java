package io.metastore.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.MetastoreException;
import io.metastore.domain.PathRules;
import io.metastore.domain.StoreUnavailableException;
import io.metastore.store.QueryRequest;
import io.metastore.store.sql.SqlMetadataStore;
import io.metastore.store.sql.SqlTx;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded adapter. The JDBC driver blocks, so every call runs off the event loop: reads on
 * the worker pool (WAL lets them run beside a writer), writes on one writer thread, so the
 * service's own writers never meet SQLITE_BUSY. Another process holding the lock past the busy
 * timeout yields StoreUnavailableException (503).
 */
public final class SqliteMetadataStore extends SqlMetadataStore {
  private final DataSource dataSource;
  private final Executor readers;
  /** Writes waiting beyond this many get 503 at once instead of queueing without bound. */
  static final int MAX_PENDING_WRITES = 512;

  private final ExecutorService writer =
      new java.util.concurrent.ThreadPoolExecutor(
          1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
          new java.util.concurrent.ArrayBlockingQueue<>(MAX_PENDING_WRITES),
          r -> {
            Thread t = new Thread(r, "metastore-sqlite-writer");
            t.setDaemon(true);
            return t;
          },
          new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());

  public SqliteMetadataStore(DataSource dataSource, Executor readers) {
    super(new SqliteDialect());
    this.dataSource = dataSource;
    this.readers = readers;
  }

  @Override
  protected <T> Uni<T> inTransaction(Function<SqlTx, Uni<T>> work) {
    return onThread(writer, () -> withConnection(work, true))
        .onFailure(SqliteMetadataStore::isBusy)
        .retry()
        .withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
        .atMost(3)
        .onFailure(t -> !(t instanceof MetastoreException))
        .transform(SqliteMetadataStore::translate);
  }

  @Override
  protected <T> Uni<T> reading(Function<SqlTx, Uni<T>> work) {
    return onThread(readers, () -> withConnection(work, false))
        .onFailure(t -> !(t instanceof MetastoreException))
        .transform(SqliteMetadataStore::translate);
  }

  private static <T> Uni<T> onThread(Executor executor, Supplier<T> call) {
    return Uni.createFrom().item(call).runSubscriptionOn(executor);
  }

  private <T> T withConnection(Function<SqlTx, Uni<T>> work, boolean transactional) {
    Connection pooled;
    try {
      pooled = dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreUnavailableException("no SQLite connection became free in time", e);
    }
    try (Connection c = pooled) {
      if (!transactional) {
        return work.apply(new JdbcTx(c)).await().indefinitely();
      }
      c.setAutoCommit(false);
      try {
        T result = work.apply(new JdbcTx(c)).await().indefinitely();
        c.commit();
        return result;
      } catch (RuntimeException | Error e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new JdbcTx.SqlFailure(e);
    }
  }

  private static SQLException sqlCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException e) {
        return e;
      }
    }
    return null;
  }

  private static boolean isBusy(Throwable t) {
    SQLException e = sqlCause(t);
    if (!(e instanceof SQLiteException se)) {
      return false;
    }
    int primary = se.getResultCode().code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  /** Classified by SQLite result code, never by message text. */
  static Throwable translate(Throwable t) {
    if (t instanceof java.util.concurrent.RejectedExecutionException) {
      return new StoreUnavailableException(
          "more than " + MAX_PENDING_WRITES + " writes are waiting for the SQLite writer", t);
    }
    SQLException e = sqlCause(t);
    if (e instanceof SQLiteException se) {
      int primary = se.getResultCode().code & 0xff;
      if (primary == SQLiteErrorCode.SQLITE_BUSY.code
          || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
        return new StoreUnavailableException("the SQLite database is locked by another process", e);
      }
      if (primary == SQLiteErrorCode.SQLITE_IOERR.code
          || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
          || primary == SQLiteErrorCode.SQLITE_FULL.code
          || primary == SQLiteErrorCode.SQLITE_READONLY.code) {
        return new StoreUnavailableException("the SQLite database cannot be written or read", e);
      }
    }
    if (e != null && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return new StoreUnavailableException("no connection to the SQLite database", e);
    }
    return t;
  }

  // ------------------------------------------------ attribute query candidates

  /**
   * Narrows the scan with json_each on the query's top-level scalar members (the candidates are a
   * superset of the matches; Java then applies exact jsonb containment).
   */
  @Override
  protected String candidateFilter(QueryRequest req) {
    StringBuilder sql = new StringBuilder();
    for (Filter f : filters(req.attrs())) {
      sql.append(" AND EXISTS (SELECT 1 FROM json_each(entries.attrs) je WHERE je.key = ? AND ")
          .append(f.condition)
          .append(")");
    }
    return sql.toString();
  }

  @Override
  protected Object[] candidateArgs(String tenant, String lower, QueryRequest req, int limit) {
    List<Object> args = new ArrayList<>(List.of(tenant, lower, PathRules.rangeEnd(req.directory())));
    for (Filter f : filters(req.attrs())) {
      args.add(f.key);
      args.addAll(f.args);
    }
    args.add((long) limit);
    return args.toArray();
  }

  private record Filter(String key, String condition, List<Object> args) {}

  private static List<Filter> filters(JsonNode query) {
    List<Filter> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = query.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String k = e.getKey();
      if (v.isTextual()) {
        out.add(new Filter(k, "je.type = 'text' AND je.value = ?", List.of(v.textValue())));
      } else if (v.isBoolean()) {
        out.add(new Filter(k, "je.type = '" + v.booleanValue() + "'", List.of()));
      } else if (v.isNull()) {
        out.add(new Filter(k, "je.type = 'null'", List.of()));
      } else if (v.isNumber()) {
        BigDecimal n = v.decimalValue();
        if (n.abs().compareTo(BigDecimal.valueOf(1L << 52)) < 0
            && n.stripTrailingZeros().scale() <= 0) {
          out.add(
              new Filter(
                  k, "je.type IN ('integer', 'real') AND je.value = ?", List.of(n.longValue())));
        } else {
          out.add(new Filter(k, "je.type IN ('integer', 'real')", List.of()));
        }
      } else if (v.isArray()) {
        out.add(new Filter(k, "je.type = 'array'", List.of()));
      } else if (v.isObject()) {
        out.add(new Filter(k, "je.type = 'object'", List.of()));
      }
    }
    return out;
  }

  public void close() {
    writer.shutdown();
  }
}
