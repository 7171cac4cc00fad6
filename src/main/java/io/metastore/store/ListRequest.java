package io.metastore.store;

import io.metastore.domain.Cursor;

/** A validated listing: directory without trailing '/', page size, and the decoded cursor key. */
public record ListRequest(String directory, boolean recursive, int limit, String after) {

  public static ListRequest of(String directory, boolean recursive, int limit, String cursor) {
    return new ListRequest(
        directory, recursive, limit, Cursor.decode(scope(directory, recursive), cursor));
  }

  public String scope() {
    return scope(directory, recursive);
  }

  static String scope(String directory, boolean recursive) {
    return "list\u0000" + directory + "\u0000" + recursive;
  }
}
