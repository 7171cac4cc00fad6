package io.metastore.transfer;

import io.metastore.config.DatabaseKind;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Loads an export into a store in two passes over the file. The first reads and checks every
 * line and looks up every conflict in the target without changing anything, so a corrupt file, or
 * a conflict under {@link ConflictPolicy#FAIL}, stops the import before any change (the dry run
 * stops there too). Then the target's schema is upgraded and the second pass applies the rows.
 */
public final class StoreImport {
  private final Path file;
  private final DatabaseUrl target;
  private final ConflictPolicy policy;
  private final Progress progress;
  private ExportHeader header;

  public StoreImport(Path file, DatabaseUrl target, ConflictPolicy policy, Progress progress) {
    this.file = file;
    this.target = target;
    this.policy = policy;
    this.progress = progress;
  }

  /** The header of the export, once {@link #check} or {@link #run} has read it. */
  public ExportHeader header() {
    return header;
  }

  /** The first pass alone: what an import would do now. Changes nothing, creates nothing. */
  public ImportSummary check() {
    return plan();
  }

  /** Checks, upgrades the target's schema, applies; returns what was done. */
  public ImportSummary run() {
    plan();
    new SchemaMigrator(target).upgrade(null);
    return apply();
  }

  private ImportSummary plan() {
    TransferDialect d = TransferDialect.of(target);
    boolean exists = target.kind() != DatabaseKind.SQLITE || Files.isRegularFile(target.sqliteFile());
    try (ImportReader reader = ImportReader.open(file)) {
      header = reader.header();
      Connection conn = exists ? d.snapshot(target, "target") : null;
      try {
        boolean hasSchema = exists && checkSchema();
        progress.start("checking", header.counts().rows());
        try (StoreWriter plan =
            new StoreWriter(d, hasSchema ? conn : null, policy, false, "line")) {
          for (Row row = reader.read(); row != null; row = reader.read()) {
            plan.accept(row, reader.line());
            progress.advance(reader.line() - 1);
          }
          ImportSummary s = plan.finish();
          progress.finish();
          return s;
        }
      } finally {
        close(conn);
      }
    } catch (SQLException e) {
      throw new TransferException(
          "checking the target " + target + " failed: " + StoreWriter.reason(e), e);
    }
  }

  /**
   * Whether the target has a schema to look up conflicts in; refuses a revision newer than this
   * build, and an export from a newer schema than this build knows.
   */
  private boolean checkSchema() {
    SchemaMigrator.Status s = new SchemaMigrator(target).status();
    if (!s.unknownApplied().isEmpty()) {
      throw new TransferException(
          "the target database " + target + " is at schema revision " + s.current()
              + ", newer than this build knows (latest " + s.latest() + "); use a newer build");
    }
    if (StoreReader.compareRevisions(header.schemaVersion(), s.latest()) > 0) {
      throw new TransferException(
          "the export was made at schema revision " + header.schemaVersion()
              + ", newer than this build knows (latest " + s.latest() + "); use a newer build");
    }
    return s.current() != null;
  }

  private ImportSummary apply() {
    TransferDialect d = TransferDialect.of(target);
    StoreWriter writer = null;
    long line = 0;
    try (ImportReader reader = ImportReader.open(file);
        Connection conn = d.writer(target, "target")) {
      writer = new StoreWriter(d, conn, policy, true, "line");
      progress.start("importing", reader.header().counts().rows());
      try (StoreWriter w = writer) {
        for (Row row = reader.read(); row != null; row = reader.read()) {
          line = reader.line();
          w.accept(row, line);
          progress.advance(line - 1);
        }
        ImportSummary s = w.finish();
        progress.finish();
        return s;
      }
    } catch (SQLException | RuntimeException e) {
      progress.finish();
      String reason = StoreWriter.failureReason(e);
      long committed = writer == null ? 0 : writer.committedThrough();
      throw new TransferException(
          "import failed"
              + (e instanceof StoreWriter.ConflictFound || e instanceof TransferException
                      || line == 0
                  ? ": "
                  : " at line " + line + ": ")
              + reason
              + (committed == 0
                  ? "; nothing was imported"
                  : "; lines up to " + committed + " are committed: fix the cause and rerun with"
                      + " --on-conflict skip to resume"),
          e);
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.rollback();
        c.close();
      } catch (SQLException ignored) {
        // read-only
      }
    }
  }
}
