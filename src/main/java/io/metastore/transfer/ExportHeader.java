package io.metastore.transfer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The first line of an export: what it is, where it came from, and how many rows of each table
 * follow (read in the same snapshot as the rows, so the counts match the lines).
 */
public record ExportHeader(
    int formatVersion, String schemaVersion, String sourceDatabase, String exportedAt, Counts counts) {

  public static final String FORMAT = "metastore-export";
  public static final int FORMAT_VERSION = 1;
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public static String isoMillis(Instant at) {
    return ISO_MILLIS.format(at);
  }

  /**
   * Rows per table: {@code entries} counts live files only (directory rows are derived), {@code
   * versions} the rows of {@code file_versions}.
   */
  public record Counts(long files, long entries, long versions, long tombstones) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    public long rows() {
      return files + entries + versions + tombstones;
    }

    public Counts plus(Row row) {
      if (row instanceof Row.File) {
        return new Counts(files + 1, entries, versions, tombstones);
      } else if (row instanceof Row.Entry) {
        return new Counts(files, entries + 1, versions, tombstones);
      } else if (row instanceof Row.Version) {
        return new Counts(files, entries, versions + 1, tombstones);
      }
      return new Counts(files, entries, versions, tombstones + 1);
    }

    @Override
    public String toString() {
      return files + " files (" + entries + " live), " + versions + " versions, " + tombstones
          + " tombstones";
    }
  }
}
