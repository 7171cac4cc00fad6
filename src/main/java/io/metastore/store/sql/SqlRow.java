package io.metastore.store.sql;

import java.util.UUID;

/** A result row read by 0-based column position. */
public interface SqlRow {
  String string(int column);

  Long longValue(int column);

  UUID uuid(int column);

  /** A timestamp column as epoch milliseconds. */
  long millis(int column);

  /** An integral column that may exceed a long (sums). */
  java.math.BigInteger bigInteger(int column);
}
