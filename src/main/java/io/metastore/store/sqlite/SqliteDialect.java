package io.metastore.store.sqlite;

import io.metastore.store.sql.SqlDialect;
import io.metastore.store.sql.SqlTx;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;

/** SQLite spelling: JSON as TEXT, UUIDs as text, times as epoch milliseconds. */
final class SqliteDialect implements SqlDialect {
  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String jsonParam() {
    return "?";
  }

  @Override
  public String timeParam() {
    return "?";
  }

  @Override
  public String jsonText(String column) {
    return column;
  }

  @Override
  public Object uuid(UUID id) {
    return id.toString();
  }

  @Override
  public Object time(long epochMillis) {
    return epochMillis;
  }

  /** One writer at a time already (the adapter's writer thread, BEGIN IMMEDIATE across processes). */
  @Override
  public Uni<Void> lock(SqlTx tx, String tenant, List<String> shared, List<String> exclusive) {
    return Uni.createFrom().voidItem();
  }
}
