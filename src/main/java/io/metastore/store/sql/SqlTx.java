package io.metastore.store.sql;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One connection inside (or outside) a transaction, with {@code ?} placeholders. The SQLite
 * implementation runs each statement synchronously on the calling worker thread and returns a
 * completed Uni; the PostgreSQL one is non-blocking.
 */
public interface SqlTx {
  Uni<List<SqlRow>> query(String sql, Object... args);

  Uni<Integer> update(String sql, Object... args);
}
