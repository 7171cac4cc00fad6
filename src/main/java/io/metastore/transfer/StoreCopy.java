package io.metastore.transfer;

import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Streams one store into another (SQLite to PostgreSQL and back) through the rows an export
 * would hold, with no file in between, then verifies the target against the source snapshot it
 * copied: per-tenant counts and {@link StoreChecksum}s. The source is only ever read.
 */
public final class StoreCopy {
  private final DatabaseUrl from;
  private final DatabaseUrl to;
  private final ConflictPolicy policy;
  private final PrintWriter out;
  private final Progress progress;

  public StoreCopy(
      DatabaseUrl from, DatabaseUrl to, ConflictPolicy policy, PrintWriter out, Progress progress) {
    if (from.jdbcUrl().equals(to.jdbcUrl())) {
      throw new TransferException("--from and --to name the same database: " + from);
    }
    this.from = from;
    this.to = to;
    this.policy = policy;
    this.out = out;
    this.progress = progress;
  }

  /** Copies, then verifies; throws when the target does not match the source afterwards. */
  public ImportSummary run() {
    StoreChecksum source = new StoreChecksum();
    ImportSummary summary;
    try (StoreReader reader = StoreReader.open(from, "source")) {
      ExportHeader h = reader.header();
      prepareTarget();
      out.println("copying " + from + " (schema revision " + h.schemaVersion() + ", " + h.counts()
          + ") to " + to);
      out.flush();
      summary = copy(reader, h, source);
    }
    summary.table().forEach(out::println);
    verify(source);
    return summary;
  }

  /** Compares the two stores as they are now, changing neither. */
  public void verifyOnly() {
    StoreChecksum source;
    try (StoreReader reader = StoreReader.open(from, "source")) {
      progress.start("reading source", reader.header().counts().rows());
      source = checksum(reader);
    }
    verify(source);
  }

  private void prepareTarget() {
    TransferDialect d = TransferDialect.of(to);
    if (to.kind() == io.metastore.config.DatabaseKind.SQLITE) {
      SchemaMigrator.createSqliteDirectory(to.jdbcUrl());
    }
    // Connect first: a connection failure then reads as one line, not as Flyway's report.
    try (Connection c = d.writer(to, "target")) {
      c.rollback();
    } catch (SQLException e) {
      throw new TransferException("cannot use the target database " + to + ": " + TransferException.reason(e), e);
    }
    new SchemaMigrator(to).upgrade(null);
    if (policy == ConflictPolicy.FAIL) {
      long files = countFiles(d);
      if (files > 0) {
        throw new TransferException(
            "the target database " + to + " is not empty (" + files + " files); copy into an empty"
                + " database, or pass --on-conflict skip (to resume an interrupted copy) or overwrite");
      }
    }
  }

  private long countFiles(TransferDialect d) {
    try (Connection c = d.snapshot(to, "target");
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM files");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    } catch (SQLException e) {
      throw new TransferException("reading the target " + to + " failed: " + TransferException.reason(e), e);
    }
  }

  private ImportSummary copy(StoreReader reader, ExportHeader h, StoreChecksum source) {
    TransferDialect d = TransferDialect.of(to);
    long files = 0;
    long rows = 0;
    StoreWriter writer = null;
    progress.start("copying", h.counts().rows());
    try (Connection conn = d.writer(to, "target");
        StoreWriter w = new StoreWriter(d, conn, policy, true, "source file")) {
      writer = w;
      while (reader.hasNext()) {
        Row row = reader.next();
        source.add(row);
        if (row instanceof Row.File) {
          files++;
        }
        w.accept(row, files);
        progress.advance(++rows);
      }
      ImportSummary s = w.finish();
      progress.finish();
      return s;
    } catch (SQLException | RuntimeException e) {
      progress.finish();
      String reason = StoreWriter.failureReason(e);
      long committed = writer == null ? 0 : writer.committedThrough();
      throw new TransferException(
          "copy failed after committing " + committed + " of " + h.counts().files() + " files: "
              + reason + "; rerun with --on-conflict skip to resume, or recreate the target"
              + " database and copy again to restart",
          e);
    }
  }

  private void verify(StoreChecksum source) {
    StoreChecksum target;
    try (StoreReader reader = StoreReader.open(to, "target")) {
      progress.start("verifying", reader.header().counts().rows());
      target = checksum(reader);
    }
    out.println("source: " + describe(source));
    out.println("target: " + describe(target));
    List<String> differing = source.differingTenants(target);
    if (differing.isEmpty()) {
      out.println("verified: the target matches the source");
      out.flush();
      return;
    }
    int shown = 0;
    for (String tenant : differing) {
      if (++shown > 20) {
        out.println("... and " + (differing.size() - 20) + " more differing tenants");
        break;
      }
      out.println(
          "tenant " + tenant + ": source " + orNone(source.tenants().get(tenant)) + "; target "
              + orNone(target.tenants().get(tenant)));
    }
    out.flush();
    throw new TransferException(
        "verification failed: " + differing.size() + " tenant(s) differ between source and target"
            + " (" + String.join(", ", differing.subList(0, Math.min(3, differing.size())))
            + (differing.size() > 3 ? ", ..." : "") + "); rerun with --on-conflict skip to resume"
            + " an interrupted copy, or recreate the target database and copy again");
  }

  private StoreChecksum checksum(StoreReader reader) {
    StoreChecksum sum = new StoreChecksum();
    long n = 0;
    while (reader.hasNext()) {
      sum.add(reader.next());
      progress.advance(++n);
    }
    progress.finish();
    return sum;
  }

  private static String describe(StoreChecksum c) {
    StoreChecksum.Tenant t = c.total();
    return c.tenants().size() + " tenants, " + t.files() + " files (" + t.liveFiles() + " live), "
        + t.versions() + " versions, " + t.tombstones() + " tombstones, checksum " + t.checksum();
  }

  private static String orNone(StoreChecksum.Tenant t) {
    return t == null ? "nothing" : t.toString();
  }
}
