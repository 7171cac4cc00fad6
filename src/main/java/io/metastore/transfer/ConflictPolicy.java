package io.metastore.transfer;

import java.util.Locale;

/**
 * What an import or copy does with a file that clashes with the target: its id exists there, its
 * live path (or an ancestor of it) is taken by another file, or one of its tombstone paths is.
 */
public enum ConflictPolicy {
  /** Stop with an error naming the first conflict. */
  FAIL,
  /** Leave the target's data alone; the clashing file is not imported, with none of its rows. */
  SKIP,
  /**
   * The imported file wins: the target's file with the same id is replaced with its history, and
   * a different file in the way is deleted there the way the service deletes (its history stays
   * readable at that path). A directory in the way is not replaced: that stays an error.
   */
  OVERWRITE;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConflictPolicy parse(String text) {
    for (ConflictPolicy p : values()) {
      if (p.cliName().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "must be fail, skip or overwrite, not '" + text + "'");
  }
}
