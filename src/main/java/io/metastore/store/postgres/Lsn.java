package io.metastore.store.postgres;

import io.metastore.domain.InvalidInputException;

/**
 * A PostgreSQL WAL position ({@code pg_lsn}), written {@code X/Y} with X and Y the high and low
 * 32 bits in hex. Positions are totally ordered; the larger one is later in the WAL.
 */
final class Lsn {
  static final long NONE = -1;

  private Lsn() {}

  /** The position {@code text} names; {@link #NONE} for null; 400 naming {@code field} if malformed. */
  static long parse(String text, String field) {
    if (text == null) {
      return NONE;
    }
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash < 1 || slash > 8 || t.length() - slash - 1 < 1 || t.length() - slash - 1 > 8) {
      throw new InvalidInputException(field, "must be a WAL position like 0/16B6C50: " + text);
    }
    try {
      long hi = Long.parseLong(t.substring(0, slash), 16);
      long lo = Long.parseLong(t.substring(slash + 1), 16);
      return (hi << 32) | lo;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, "must be a WAL position like 0/16B6C50: " + text);
    }
  }

  /** A position the server sent (never malformed); {@link #NONE} for null. */
  static long of(String serverText) {
    return parse(serverText, "WAL position");
  }

  static String format(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
