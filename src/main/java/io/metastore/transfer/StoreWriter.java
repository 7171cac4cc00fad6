package io.metastore.transfer;

import io.metastore.domain.Json;
import io.metastore.domain.PathRules;
import io.metastore.transfer.ImportSummary.Kind;
import io.metastore.transfer.ImportSummary.Outcome;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies rows, in the grouped order {@link Row} describes, to a target store. Rows are buffered
 * until about {@value #BATCH_ROWS} have come; then the buffered files' conflicts are looked up in
 * a few batched queries, each file is inserted, skipped or overwritten as a whole, and the
 * transaction commits, always at a file boundary (so a rerun with {@link ConflictPolicy#SKIP}
 * resumes cleanly). A file with more versions than that streams them in JDBC batches within one
 * transaction. Memory stays bounded whatever the input size.
 *
 * <p>With {@code apply} false it only decides and counts, reading the target (if any): the first
 * pass of an import, and its dry run.
 */
final class StoreWriter implements AutoCloseable {
  static final int BATCH_ROWS = 1000;
  private static final int IN_CHUNK = 500;

  private final TransferDialect d;
  private final Connection conn;
  private final ConflictPolicy policy;
  private final boolean apply;
  private final String positionLabel;
  private final ImportSummary summary = new ImportSummary();

  private final List<Unit> undecided = new ArrayList<>();
  private Unit current;
  private long rowsInTransaction;
  private long buffered;
  private long committedThrough;
  private long lastPosition;
  private long written;
  private long analyzedAt;
  private static final long ANALYZE_FROM = 20_000;

  private PreparedStatement insFile;
  private PreparedStatement insDir;
  private PreparedStatement insEntry;
  private PreparedStatement insTombstone;
  private PreparedStatement insVersion;
  private final Set<String> dirsThisBatch = new HashSet<>();
  private final List<String[]> toPrune = new ArrayList<>();

  /**
   * @param conn the target, autocommit off; null to plan against a target without a schema yet
   * @param apply false to decide and count only (nothing is written)
   * @param positionLabel how positions read in errors, e.g. "line"
   */
  StoreWriter(TransferDialect d, Connection conn, ConflictPolicy policy, boolean apply, String positionLabel) {
    if (apply && conn == null) {
      throw new IllegalArgumentException("applying needs a connection");
    }
    this.d = d;
    this.conn = conn;
    this.policy = policy;
    this.apply = apply;
    this.positionLabel = positionLabel;
  }

  ImportSummary summary() {
    return summary;
  }

  /** The position of the last row whose file is committed (0 when none is). */
  long committedThrough() {
    return committedThrough;
  }

  /** Takes the next row; {@code position} (a line number, a row count) only names it in errors. */
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
    if (apply && written > analyzedAt) {
      d.analyze(conn);
      conn.commit();
    }
    return summary;
  }

  // ------------------------------------------------------------------ batches

  private void flush(boolean commit) throws SQLException {
    decide(undecided);
    for (Unit u : undecided) {
      write(u);
    }
    if (apply) {
      execute(insFile);
      execute(insDir);
      execute(insEntry);
      execute(insTombstone);
      execute(insVersion);
      prune();
      if (commit) {
        conn.commit();
        written += rowsInTransaction;
        if (written >= 2 * analyzedAt && written >= ANALYZE_FROM) {
          // Statistics as the tables grow (doubling, so O(log n) times), to keep plans sane.
          d.analyze(conn);
          conn.commit();
          analyzedAt = written;
        }
      }
    }
    dirsThisBatch.clear();
    undecided.clear();
    buffered = 0;
    if (commit) {
      rowsInTransaction = 0;
      committedThrough = lastPosition;
    }
  }

  private static void execute(PreparedStatement ps) throws SQLException {
    if (ps != null) {
      ps.executeBatch();
    }
  }

  private void write(Unit u) throws SQLException {
    Outcome outcome = outcome(u.decision);
    summary.add(Kind.FILES, outcome, 1);
    summary.add(Kind.ENTRIES, outcome, u.entry == null ? 0 : 1);
    summary.add(Kind.TOMBSTONES, outcome, u.tombstones.size());
    if (u.decision == Decision.SKIP) {
      summary.add(Kind.VERSIONS, outcome, u.versions.size());
      u.versions.clear();
      return;
    }
    if (apply) {
      if (u.decision == Decision.OVERWRITE) {
        clearTheWay(u);
      }
      insertHead(u);
    }
    for (Row.Version v : u.versions) {
      version(u, v);
    }
    u.versions.clear();
  }

  private void version(Unit u, Row.Version v) throws SQLException {
    summary.add(Kind.VERSIONS, outcome(u.decision), 1);
    if (!apply || u.decision == Decision.SKIP) {
      return;
    }
    if (insVersion == null) {
      insVersion =
          conn.prepareStatement(
              "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size,"
                  + " etag, mime_type, attrs, modified_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                  + d.jsonParam() + ", ?, ?)");
    }
    PreparedStatement ps = insVersion;
    d.setUuid(ps, 1, v.fileId());
    ps.setLong(2, v.version());
    ps.setString(3, v.tenant());
    content(ps, 4, v.content());
    d.setTime(ps, 10, v.modifiedAt());
    ps.setString(11, v.source());
    ps.addBatch();
  }

  private void insertHead(Unit u) throws SQLException {
    if (insFile == null) {
      insFile = conn.prepareStatement("INSERT INTO files (id, tenant_id, created_at) VALUES (?, ?, ?)");
      insDir =
          conn.prepareStatement(
              "INSERT INTO entries (tenant_id, path, parent, kind) VALUES (?, ?, ?, 'D')"
                  + " ON CONFLICT (tenant_id, path) DO NOTHING");
      insEntry =
          conn.prepareStatement(
              "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path,"
                  + " size, etag, mime_type, attrs, version, created_at, modified_at)"
                  + " VALUES (?, ?, ?, 'F', ?, ?, ?, ?, ?, ?, " + d.jsonParam() + ", ?, ?, ?)");
      insTombstone =
          conn.prepareStatement(
              "INSERT INTO tombstones (tenant_id, path, file_id, deleted_at) VALUES (?, ?, ?, ?)"
                  + (policy == ConflictPolicy.OVERWRITE
                      ? " ON CONFLICT (tenant_id, path) DO UPDATE SET file_id = excluded.file_id,"
                          + " deleted_at = excluded.deleted_at"
                      : ""));
    }
    Row.File f = u.file;
    d.setUuid(insFile, 1, f.fileId());
    insFile.setString(2, f.tenant());
    d.setTime(insFile, 3, f.createdAt());
    insFile.addBatch();
    if (u.entry != null) {
      Row.Entry e = u.entry;
      for (String dir : PathRules.ancestors(e.path())) {
        if (dirsThisBatch.add(e.tenant() + '\u0000' + dir)) {
          insDir.setString(1, e.tenant());
          insDir.setString(2, dir);
          insDir.setString(3, PathRules.parent(dir));
          insDir.addBatch();
        }
      }
      insEntry.setString(1, e.tenant());
      insEntry.setString(2, e.path());
      insEntry.setString(3, PathRules.parent(e.path()));
      d.setUuid(insEntry, 4, e.fileId());
      content(insEntry, 5, e.content());
      insEntry.setLong(11, e.version());
      d.setTime(insEntry, 12, e.createdAt());
      d.setTime(insEntry, 13, e.modifiedAt());
      insEntry.addBatch();
    }
    for (Row.Tombstone t : u.tombstones) {
      insTombstone.setString(1, t.tenant());
      insTombstone.setString(2, t.path());
      d.setUuid(insTombstone, 3, t.fileId());
      d.setTime(insTombstone, 4, t.deletedAt());
      insTombstone.addBatch();
    }
  }

  /** backend, physical_path, size, etag, mime_type, attrs from {@code at}. */
  private static void content(PreparedStatement ps, int at, Row.Content c) throws SQLException {
    ps.setString(at, c.backend());
    ps.setString(at + 1, c.physicalPath());
    ps.setLong(at + 2, c.size());
    ps.setString(at + 3, c.etag());
    ps.setString(at + 4, c.mimeType());
    ps.setString(at + 5, Json.write(c.attrs()));
  }

  // ------------------------------------------------------------------ overwrite

  /** Removes what stands in the way of an overwriting file, before its rows are inserted. */
  private void clearTheWay(Unit u) throws SQLException {
    Conflicts c = u.conflicts;
    String id = u.file.fileId();
    if (c.idExists) {
      try (PreparedStatement ps =
          conn.prepareStatement("SELECT tenant_id, path FROM entries WHERE file_id = ?")) {
        d.setUuid(ps, 1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String tenant = rs.getString(1);
            String path = rs.getString(2);
            boolean refilled =
                u.entry != null && u.entry.tenant().equals(tenant) && u.entry.path().equals(path);
            if (!refilled) {
              toPrune.add(new String[] {tenant, PathRules.parent(path)});
            }
          }
        }
      }
      for (String sql :
          List.of(
              "DELETE FROM entries WHERE file_id = ?",
              "DELETE FROM tombstones WHERE file_id = ?",
              "DELETE FROM file_versions WHERE file_id = ?",
              "DELETE FROM files WHERE id = ?")) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
          d.setUuid(ps, 1, id);
          ps.executeUpdate();
        }
      }
    }
    if (c.liveTakenBy != null) {
      displace(u.file.tenant(), u.entry.path(), c.liveTakenBy);
    }
    for (Map.Entry<String, String> inWay : c.filesInWay.entrySet()) {
      displace(u.file.tenant(), inWay.getKey(), inWay.getValue());
    }
  }

  /** Deletes another file from {@code path} as the service would: its history stays readable. */
  private void displace(String tenant, String path, String fileId) throws SQLException {
    try (PreparedStatement del =
            conn.prepareStatement("DELETE FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'F'");
        PreparedStatement tomb =
            conn.prepareStatement(
                "INSERT INTO tombstones (tenant_id, path, file_id, deleted_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (tenant_id, path) DO UPDATE SET file_id = excluded.file_id,"
                    + " deleted_at = excluded.deleted_at")) {
      del.setString(1, tenant);
      del.setString(2, path);
      del.executeUpdate();
      tomb.setString(1, tenant);
      tomb.setString(2, path);
      d.setUuid(tomb, 3, fileId);
      d.setTime(tomb, 4, System.currentTimeMillis());
      tomb.executeUpdate();
    }
    summary.displaced();
  }

  /** Drops directory rows left empty by moved-away overwritten files, deepest first. */
  private void prune() throws SQLException {
    if (toPrune.isEmpty()) {
      return;
    }
    try (PreparedStatement children =
            conn.prepareStatement("SELECT 1 FROM entries WHERE tenant_id = ? AND parent = ? LIMIT 1");
        PreparedStatement drop =
            conn.prepareStatement("DELETE FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'D'")) {
      for (String[] start : toPrune) {
        String tenant = start[0];
        for (String dir = start[1]; !dir.equals(PathRules.ROOT); dir = PathRules.parent(dir)) {
          children.setString(1, tenant);
          children.setString(2, dir);
          try (ResultSet rs = children.executeQuery()) {
            if (rs.next()) {
              break;
            }
          }
          drop.setString(1, tenant);
          drop.setString(2, dir);
          drop.executeUpdate();
        }
      }
    }
    toPrune.clear();
  }

  // ------------------------------------------------------------------ conflicts

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
    Set<String> existingIds = new HashSet<>();
    Map<String, Map<String, String[]>> entriesAt = new HashMap<>();
    Map<String, Map<String, String>> tombstonesAt = new HashMap<>();
    if (conn != null) {
      existingIds = existingIds(open);
      Map<String, Set<String>> entryPaths = new HashMap<>();
      Map<String, Set<String>> tombstonePaths = new HashMap<>();
      for (Unit u : open) {
        if (u.entry != null) {
          Set<String> s = entryPaths.computeIfAbsent(u.file.tenant(), t -> new LinkedHashSet<>());
          s.add(u.entry.path());
          s.addAll(PathRules.ancestors(u.entry.path()));
        }
        for (Row.Tombstone t : u.tombstones) {
          tombstonePaths.computeIfAbsent(t.tenant(), x -> new LinkedHashSet<>()).add(t.path());
        }
      }
      for (Map.Entry<String, Set<String>> e : entryPaths.entrySet()) {
        entriesAt.put(
            e.getKey(),
            lookup(
                "SELECT path, kind, file_id FROM entries WHERE tenant_id = ? AND path IN ",
                e.getKey(),
                e.getValue(),
                rs -> new String[] {rs.getString(2), rs.getString(3)}));
      }
      for (Map.Entry<String, Set<String>> e : tombstonePaths.entrySet()) {
        tombstonesAt.put(
            e.getKey(),
            lookup(
                "SELECT path, file_id FROM tombstones WHERE tenant_id = ? AND path IN ",
                e.getKey(),
                e.getValue(),
                rs -> rs.getString(2)));
      }
    }
    for (Unit u : open) {
      u.conflicts = conflictsOf(u, existingIds, entriesAt, tombstonesAt);
      u.decision = decision(u);
    }
  }

  private Conflicts conflictsOf(
      Unit u,
      Set<String> existingIds,
      Map<String, Map<String, String[]>> entriesAt,
      Map<String, Map<String, String>> tombstonesAt) {
    String id = u.file.fileId();
    Conflicts c = new Conflicts();
    c.idExists = existingIds.contains(id);
    if (u.entry != null) {
      Map<String, String[]> at = entriesAt.getOrDefault(u.file.tenant(), Map.of());
      String[] live = at.get(u.entry.path());
      if (live != null && "D".equals(live[0])) {
        c.directoryAt = u.entry.path();
      } else if (live != null && !id.equals(live[1])) {
        c.liveTakenBy = live[1];
      }
      for (String dir : PathRules.ancestors(u.entry.path())) {
        String[] e = at.get(dir);
        if (e != null && "F".equals(e[0]) && !id.equals(e[1])) {
          c.filesInWay.put(dir, e[1]);
        }
      }
    }
    Map<String, String> tombs = tombstonesAt.getOrDefault(u.file.tenant(), Map.of());
    for (Row.Tombstone t : u.tombstones) {
      String holder = tombs.get(t.path());
      if (holder != null && !holder.equals(id)) {
        c.tombstonesTaken.add(t.path());
      }
    }
    return c;
  }

  private Decision decision(Unit u) {
    Conflicts c = u.conflicts;
    if (!c.any()) {
      return Decision.INSERT;
    }
    if (policy == ConflictPolicy.SKIP) {
      return Decision.SKIP;
    }
    String where = positionLabel + " " + u.position + ": ";
    if (policy == ConflictPolicy.FAIL) {
      throw new ConflictFound(where + describe(u) + " (use --on-conflict skip or overwrite)", u.position);
    }
    if (c.directoryAt != null) {
      throw new ConflictFound(
          where + describe(u) + "; overwrite replaces files, not directories: use --on-conflict"
              + " skip, or delete that directory from the target first",
          u.position);
    }
    return Decision.OVERWRITE;
  }

  private static String describe(Unit u) {
    Conflicts c = u.conflicts;
    String file = "file " + u.file.fileId() + " of tenant " + u.file.tenant();
    if (c.idExists) {
      return file + " already exists in the target";
    }
    if (c.directoryAt != null) {
      return file + ": " + c.directoryAt + " is a directory in the target";
    }
    if (c.liveTakenBy != null) {
      return file + ": " + u.entry.path() + " is taken in the target by file " + c.liveTakenBy;
    }
    if (!c.filesInWay.isEmpty()) {
      return file + ": " + c.filesInWay.keySet().iterator().next() + " is a file in the target, so "
          + u.entry.path() + " cannot be created below it";
    }
    return file + ": the deleted path " + c.tombstonesTaken.get(0)
        + " holds another file's history in the target";
  }

  private Set<String> existingIds(List<Unit> units) throws SQLException {
    Set<String> found = new HashSet<>();
    for (int from = 0; from < units.size(); from += IN_CHUNK) {
      List<Unit> chunk = units.subList(from, Math.min(units.size(), from + IN_CHUNK));
      try (PreparedStatement ps =
          conn.prepareStatement("SELECT id FROM files WHERE id IN (" + marks(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          d.setUuid(ps, i + 1, chunk.get(i).file.fileId());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.add(rs.getString(1));
          }
        }
      }
    }
    return found;
  }

  @FunctionalInterface
  private interface Value<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** path -> value for the given paths of one tenant. */
  private <T> Map<String, T> lookup(String sqlPrefix, String tenant, Set<String> paths, Value<T> value)
      throws SQLException {
    Map<String, T> found = new HashMap<>();
    List<String> all = new ArrayList<>(paths);
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      try (PreparedStatement ps = conn.prepareStatement(sqlPrefix + "(" + marks(chunk.size()) + ")")) {
        ps.setString(1, tenant);
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 2, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getString(1), value.read(rs));
          }
        }
      }
    }
    return found;
  }

  private static String marks(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  /** Rolls back what is not committed and releases the statements. */
  @Override
  public void close() {
    for (PreparedStatement ps : new PreparedStatement[] {insFile, insDir, insEntry, insTombstone, insVersion}) {
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // the connection is closed next
        }
      }
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
  static String reason(SQLException e) {
    SQLException shown = e;
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      shown = e.getNextException();
    }
    return TransferException.reason(shown);
  }

  /** A conflict under a policy that does not resolve it. */
  static final class ConflictFound extends TransferException {
    final long position;

    ConflictFound(String message, long position) {
      super(message);
      this.position = position;
    }
  }

  private static final class Conflicts {
    boolean idExists;
    String directoryAt;
    String liveTakenBy;
    final Map<String, String> filesInWay = new HashMap<>();
    final List<String> tombstonesTaken = new ArrayList<>();

    boolean any() {
      return idExists
          || directoryAt != null
          || liveTakenBy != null
          || !filesInWay.isEmpty()
          || !tombstonesTaken.isEmpty();
    }
  }

  /** One file with the rows read of it so far. */
  private static final class Unit {
    final Row.File file;
    final long position;
    Row.Entry entry;
    final List<Row.Tombstone> tombstones = new ArrayList<>(1);
    final List<Row.Version> versions = new ArrayList<>();
    Conflicts conflicts;
    Decision decision;

    Unit(Row.File file, long position) {
      this.file = file;
      this.position = position;
    }
  }
}
