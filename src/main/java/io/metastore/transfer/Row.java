package io.metastore.transfer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of a store, as export, import and copy move it. Rows travel grouped by file: a {@link
 * File} row, then its live {@link Entry} (if any), its {@link Tombstone}s, then its {@link Version}s
 * oldest first; files come in ascending id order. Directory rows are not rows here: they follow
 * from the live entries. Times are epoch milliseconds; ids are lower-case UUID strings.
 */
public sealed interface Row {

  /** The file every row of a group belongs to. */
  String fileId();

  String tenant();

  /** A file's identity: it outlives renames and deletes, and owns the version history. */
  record File(String fileId, String tenant, long createdAt) implements Row {}

  /** The file's current state at its live path. */
  record Entry(
      String fileId,
      String tenant,
      String path,
      Content content,
      long version,
      long createdAt,
      long modifiedAt)
      implements Row {}

  /** One version of the file's history, the current one included. */
  record Version(
      String fileId, String tenant, long version, Content content, long modifiedAt, String source)
      implements Row {}

  /** A deleted path that held the file; its history stays readable there. */
  record Tombstone(String fileId, String tenant, String path, long deletedAt) implements Row {}

  /** What a record or a version says about the stored object; {@code attrs} is a JSON object. */
  record Content(
      String backend, String physicalPath, long size, String etag, String mimeType, JsonNode attrs) {}
}
