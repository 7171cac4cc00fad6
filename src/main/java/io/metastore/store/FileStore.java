package io.metastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.BatchDeleteResult;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.Precondition;
import io.metastore.domain.PutResult;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Reading and changing files. Paths and contents arrive validated by the domain; every write is
 * one transaction, acknowledged only once committed. Failures are domain exceptions:
 * NotFoundException, ConflictException, PreconditionFailedException, InvalidInputException,
 * StoreUnavailableException.
 */
public interface FileStore {

  /** The file at {@code path}, or null when there is none (a directory is not a file). */
  Uni<FileRecord> get(String tenant, String path);

  /** Creates or replaces a file; a replace adds a version. 409 when a directory or an ancestor file is in the way. */
  Uni<PutResult> put(String tenant, String path, FileContent content, Precondition precondition);

  /** Applies an RFC 7396 merge patch to the attrs; no new version, modifiedAt moves. */
  Uni<FileRecord> patchAttrs(String tenant, String path, JsonNode patch, Precondition precondition);

  /**
   * Deletes a file (history stays readable); with {@code recursive}, a directory and everything
   * below it. Returns how many files were deleted.
   */
  Uni<Integer> delete(String tenant, String path, Precondition precondition, boolean recursive);

  /** Records in request order, null where a path has no file. */
  Uni<List<FileRecord>> getMany(String tenant, List<String> paths);

  /** Puts every entry, all or nothing. */
  Uni<List<FileRecord>> putMany(String tenant, List<PathContent> files);

  /** Deletes every existing path, all or nothing; missing paths are reported, not errors. */
  Uni<BatchDeleteResult> deleteMany(String tenant, List<String> paths);

  /** Moves a file or a directory subtree atomically; returns the number of files moved. */
  Uni<Integer> rename(String tenant, String from, String to);

  /** One entry of a batch put. */
  record PathContent(String path, FileContent content) {}
}
