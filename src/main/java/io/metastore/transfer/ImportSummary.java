package io.metastore.transfer;

import java.util.ArrayList;
import java.util.List;

/** What an import or copy did (or, in a dry run, would do), row by row. */
public final class ImportSummary {

  /** The kinds of row counted; {@code ENTRIES} are live files. */
  public enum Kind {
    FILES("files"),
    ENTRIES("live files"),
    VERSIONS("versions"),
    TOMBSTONES("tombstones");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  public enum Outcome {
    INSERTED,
    SKIPPED,
    OVERWRITTEN
  }

  private final long[][] counts = new long[Kind.values().length][Outcome.values().length];
  private long displaced;

  void add(Kind kind, Outcome outcome, long n) {
    counts[kind.ordinal()][outcome.ordinal()] += n;
  }

  void displaced() {
    displaced++;
  }

  public long get(Kind kind, Outcome outcome) {
    return counts[kind.ordinal()][outcome.ordinal()];
  }

  /** Target files that stood in the way of overwriting ones and were deleted (history kept). */
  public long displacedFiles() {
    return displaced;
  }

  /** A small table: one row per kind, columns inserted / skipped / overwritten. */
  public List<String> table() {
    List<String> out = new ArrayList<>();
    out.add(String.format("%-11s %12s %12s %12s", "", "inserted", "skipped", "overwritten"));
    for (Kind k : Kind.values()) {
      out.add(
          String.format(
              "%-11s %12d %12d %12d",
              k.label,
              get(k, Outcome.INSERTED),
              get(k, Outcome.SKIPPED),
              get(k, Outcome.OVERWRITTEN)));
    }
    if (displaced > 0) {
      out.add(displaced + " target file(s) in the way were deleted; their history stays readable");
    }
    return out;
  }
}
