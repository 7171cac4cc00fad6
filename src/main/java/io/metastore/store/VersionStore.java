package io.metastore.store;

import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.Page;
import io.smallrye.mutiny.Uni;

/** A path's history: every version of the file living there, or of the one deleted last. */
public interface VersionStore {

  /** Versions newest first; NotFoundException when the path never held a file. */
  Uni<Page<FileVersion>> versions(String tenant, String path, int limit, String cursor);

  /** One version; NotFoundException when the path or the version does not exist. */
  Uni<FileVersion> version(String tenant, String path, long version);

  /** Makes a new version equal to {@code version}; restores a deleted file. */
  Uni<FileRecord> rollback(String tenant, String path, long version);
}
