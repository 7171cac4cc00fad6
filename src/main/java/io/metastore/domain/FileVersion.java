package io.metastore.domain;

/** One entry of a file's history; {@code source} is "put" or "rollback". */
public record FileVersion(long version, FileContent content, long modifiedAt, String source) {
  public static final String PUT = "put";
  public static final String ROLLBACK = "rollback";
}
