package io.metastore.store.sql;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;

/** The few things the two databases spell differently. */
public interface SqlDialect {
  /** "sqlite" or "postgresql", also the migration folder's name. */
  String name();

  /** SQL for a JSON parameter, e.g. {@code CAST(CAST(? AS text) AS jsonb)}. */
  String jsonParam();

  /** SQL for a timestamp parameter where its type cannot be inferred. */
  String timeParam();

  /** Select expression giving a JSON column as text. */
  String jsonText(String column);

  /** Stored JSON text as the API returns it (compact). */
  default String jsonOut(String stored) {
    return stored;
  }

  Object uuid(UUID id);

  Object time(long epochMillis);

  /**
   * Serialises conflicting namespace changes for the rest of the transaction: shared locks on
   * {@code shared} paths, exclusive ones on {@code exclusive}. A no-op where writers are already
   * serialised (SQLite).
   */
  Uni<Void> lock(SqlTx tx, String tenant, List<String> shared, List<String> exclusive);
}
