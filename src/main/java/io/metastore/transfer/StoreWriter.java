package io.metastore.transfer;

import io.metastore.transfer.ImportSummary.Kind;
import io.metastore.transfer.ImportSummary.Outcome;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies rows, in the grouped order {@link Row} describes, to a target store. Rows are buffered
 * until about {@value #BATCH_ROWS} have come; then the buffered files' conflicts are looked up
 * ({@link ConflictLookup}), each file is inserted, skipped or overwritten as a whole, and the
 * transaction commits, always at a file boundary (so a rerun with {@link ConflictPolicy#SKIP}
 * resumes cleanly). A file with a longer history streams its versions in JDBC batches within one
 * transaction. Memory stays bounded whatever the input size.
 *
 * <p>With {@code apply} false it only decides and counts, reading the target (if any): the first
 * pass of an import, and its dry run.
 */
final class StoreWriter implements AutoCloseable {
  static final int BATCH_ROWS = 1000;
  /** Tables are analyzed once this many rows are in, and again each time that doubles. */
  private static final long ANALYZE_FROM = 20_000;

  private final TransferDialect d;
  private final Connection conn;
  private final ConflictPolicy policy;
  private final String positionLabel;
  private final TargetTables tables;
  private final ImportSummary summary = new ImportSummary();

  private final List<Unit> undecided = new ArrayList<>();
  private Unit current;
  private long rowsInTransaction;
  private long buffered;
  private long lastPosition;
  private long committedThrough;
  private long written;
  private long analyzedAt;

  /**
   * @param conn the target, autocommit off; null to plan against a target without a schema yet
   * @param apply false to decide and count only (nothing is written)
   * @param positionLabel how positions read in errors, e.g. "line"
   */
  StoreWriter(TransferDialect d, Connection conn, ConflictPolicy policy, boolean apply, String positionLabel)
      throws SQLException {
    if (apply && conn == null) {
      throw new IllegalArgumentException("applying needs a connection");
    }
    this.d = d;
    this.conn = conn;
    this.policy = policy;
    this.positionLabel = positionLabel;
    this.tables = apply ? new TargetTables(d, conn, policy == ConflictPolicy.OVERWRITE) : null;
  }

  /** The position of the last row whose file is committed (0 when none is). */
  long committedThrough() {
    return committedThrough;
  }

  /** Takes the next row; {@code position} (a line number, a file count) only names it in errors. */
  void accept(Row row, long position) throws SQLException {
    if (row instanceof Row.File f) {
      if (rowsInTransaction >= BATCH_ROWS) {
        flush(true);
      }
      current = new Unit(f, position);
      undecided.add(current);
    } else if (row instanceof Row.Entry e) {
      current.entry = e;
    } else if (row instanceof Row.Tombstone t) {
      current.tombstones.add(t);
    } else if (row instanceof Row.Version v) {
      if (current.decision == null) {
        current.versions.add(v);
      } else {
        version(current, v);
      }
    }
    lastPosition = position;
    rowsInTransaction++;
    buffered++;
    if (buffered >= 2L * BATCH_ROWS && row instanceof Row.Version) {
      // One file with a long history: write what is buffered, keep the transaction open.
      flush(false);
    }
  }

  /** Writes and commits what is left; returns the summary. */
  ImportSummary finish() throws SQLException {
    flush(true);
    if (tables != null && written > analyzedAt) {
      d.analyze(conn);
      conn.commit();
    }
    return summary;
  }

  private void flush(boolean commit) throws SQLException {
    decide(undecided);
    for (Unit u : undecided) {
      write(u);
    }
    if (tables != null) {
      tables.execute();
      if (commit) {
        conn.commit();
        written += rowsInTransaction;
        if (written >= 2 * analyzedAt && written >= ANALYZE_FROM) {
          // Fresh tables have no statistics; keep the planner's view in step as they grow.
          d.analyze(conn);
          conn.commit();
          analyzedAt = written;
        }
      }
    }
    undecided.clear();
    buffered = 0;
    if (commit) {
      rowsInTransaction = 0;
      committedThrough = lastPosition;
    }
  }

  private void write(Unit u) throws SQLException {
    Outcome outcome = outcome(u.decision);
    summary.add(Kind.FILES, outcome, 1);
    summary.add(Kind.ENTRIES, outcome, u.entry == null ? 0 : 1);
    summary.add(Kind.TOMBSTONES, outcome, u.tombstones.size());
    if (tables != null && u.decision != Decision.SKIP) {
      if (u.decision == Decision.OVERWRITE) {
        clearTheWay(u);
      }
      tables.file(u.file);
      if (u.entry != null) {
        tables.entry(u.entry);
      }
      for (Row.Tombstone t : u.tombstones) {
        tables.tombstone(t);
      }
    }
    for (Row.Version v : u.versions) {
      version(u, v);
    }
    u.versions.clear();
  }

  private void version(Unit u, Row.Version v) throws SQLException {
    summary.add(Kind.VERSIONS, outcome(u.decision), 1);
    if (tables != null && u.decision != Decision.SKIP) {
      tables.version(v);
    }
  }

  /** Removes what stands in the way of an overwriting file, before its rows are inserted. */
  private void clearTheWay(Unit u) throws SQLException {
    ConflictLookup.Conflicts c = u.conflicts;
    if (c.idExists) {
      tables.removeFile(u.file.fileId(), u.entry);
    }
    if (c.liveTakenBy != null) {
      tables.displace(u.file.tenant(), u.entry.path(), c.liveTakenBy);
      summary.displaced();
    }
    for (Map.Entry<String, String> inWay : c.filesInWay.entrySet()) {
      tables.displace(u.file.tenant(), inWay.getKey(), inWay.getValue());
      summary.displaced();
    }
  }

  // ------------------------------------------------------------------ decisions

  private enum Decision {
    INSERT,
    SKIP,
    OVERWRITE
  }

  private static Outcome outcome(Decision d) {
    return switch (d) {
      case INSERT -> Outcome.INSERTED;
      case SKIP -> Outcome.SKIPPED;
      case OVERWRITE -> Outcome.OVERWRITTEN;
    };
  }

  /** Looks up the conflicts of every undecided file in a few queries, then decides each. */
  private void decide(List<Unit> units) throws SQLException {
    List<Unit> open = units.stream().filter(u -> u.decision == null).toList();
    if (open.isEmpty()) {
      return;
    }
    ConflictLookup found = ConflictLookup.load(d, conn, open.stream().map(Unit::head).toList());
    for (Unit u : open) {
      u.conflicts = found.of(u.head());
      u.decision = decision(u);
    }
  }

  private Decision decision(Unit u) {
    ConflictLookup.Conflicts c = u.conflicts;
    if (!c.any()) {
      return Decision.INSERT;
    }
    if (policy == ConflictPolicy.SKIP) {
      return Decision.SKIP;
    }
    String where = positionLabel + " " + u.position + ": " + c.describe(u.head());
    if (policy == ConflictPolicy.FAIL) {
      throw new ConflictFound(where + " (use --on-conflict skip or overwrite)");
    }
    if (c.directoryAt != null) {
      throw new ConflictFound(
          where + "; overwrite replaces files, not directories: use --on-conflict skip, or delete"
              + " that directory from the target first");
    }
    return Decision.OVERWRITE;
  }

  /** Rolls back what is not committed and releases the statements. */
  @Override
  public void close() {
    if (tables != null) {
      tables.close();
    }
    if (conn != null) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // nothing uncommitted, or the connection is gone: either way nothing half-written stays
      }
    }
  }

  /** A driver error as one line; batch errors carry the real reason in the next exception. */
  /** One line on why a transfer stopped: SQL errors by their state, others by their message. */
  static String failureReason(Exception e) {
    return e instanceof SQLException sql ? reason(sql) : TransferException.reason(e);
  }

  static String reason(SQLException e) {
    SQLException shown = e;
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      shown = e.getNextException();
    }
    return TransferException.reason(shown);
  }

  /** A conflict under a policy that does not resolve it. */
  static final class ConflictFound extends TransferException {
    ConflictFound(String message) {
      super(message);
    }
  }

  /** One file with the rows read of it so far. */
  private static final class Unit {
    final Row.File file;
    final long position;
    Row.Entry entry;
    final List<Row.Tombstone> tombstones = new ArrayList<>(1);
    final List<Row.Version> versions = new ArrayList<>();
    ConflictLookup.Conflicts conflicts;
    Decision decision;

    Unit(Row.File file, long position) {
      this.file = file;
      this.position = position;
    }

    ConflictLookup.FileHead head() {
      return new ConflictLookup.FileHead(file, entry, tombstones);
    }
  }
}
