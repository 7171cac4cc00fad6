package io.metastore.transfer;

import io.metastore.domain.PathRules;
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
 * What stands in the target in the way of a batch of files: ids that exist, live paths and their
 * parents taken by other files or directories, deleted paths that hold another file's history.
 * Found with a few batched queries per batch (one for ids, two per tenant for paths), however many
 * files the batch holds.
 */
final class ConflictLookup {
  private static final int IN_CHUNK = 500;

  /** A file as far as conflicts go: its identity, live entry (or null) and tombstones. */
  record FileHead(Row.File file, Row.Entry entry, List<Row.Tombstone> tombstones) {}

  private final Set<String> existingIds;
  /** tenant -> path -> {kind, file id} */
  private final Map<String, Map<String, String[]>> entriesAt;
  /** tenant -> path -> file id */
  private final Map<String, Map<String, String>> tombstonesAt;

  private ConflictLookup(
      Set<String> existingIds,
      Map<String, Map<String, String[]>> entriesAt,
      Map<String, Map<String, String>> tombstonesAt) {
    this.existingIds = existingIds;
    this.entriesAt = entriesAt;
    this.tombstonesAt = tombstonesAt;
  }

  /** Looks up the target for {@code heads}; with no connection (no schema yet) nothing is there. */
  static ConflictLookup load(TransferDialect d, Connection conn, List<FileHead> heads)
      throws SQLException {
    Map<String, Map<String, String[]>> entriesAt = new HashMap<>();
    Map<String, Map<String, String>> tombstonesAt = new HashMap<>();
    if (conn == null) {
      return new ConflictLookup(Set.of(), entriesAt, tombstonesAt);
    }
    Set<String> ids = existingIds(d, conn, heads);
    Map<String, Set<String>> entryPaths = new HashMap<>();
    Map<String, Set<String>> tombstonePaths = new HashMap<>();
    for (FileHead h : heads) {
      if (h.entry() != null) {
        Set<String> s = entryPaths.computeIfAbsent(h.file().tenant(), t -> new LinkedHashSet<>());
        s.add(h.entry().path());
        s.addAll(PathRules.ancestors(h.entry().path()));
      }
      for (Row.Tombstone t : h.tombstones()) {
        tombstonePaths.computeIfAbsent(t.tenant(), x -> new LinkedHashSet<>()).add(t.path());
      }
    }
    for (Map.Entry<String, Set<String>> e : entryPaths.entrySet()) {
      entriesAt.put(
          e.getKey(),
          byPath(
              conn,
              "SELECT path, kind, file_id FROM entries WHERE tenant_id = ? AND path IN ",
              e.getKey(),
              e.getValue(),
              rs -> new String[] {rs.getString(2), rs.getString(3)}));
    }
    for (Map.Entry<String, Set<String>> e : tombstonePaths.entrySet()) {
      tombstonesAt.put(
          e.getKey(),
          byPath(
              conn,
              "SELECT path, file_id FROM tombstones WHERE tenant_id = ? AND path IN ",
              e.getKey(),
              e.getValue(),
              rs -> rs.getString(2)));
    }
    return new ConflictLookup(ids, entriesAt, tombstonesAt);
  }

  /** What the target holds in the way of {@code h}. */
  Conflicts of(FileHead h) {
    String id = h.file().fileId();
    Conflicts c = new Conflicts();
    c.idExists = existingIds.contains(id);
    if (h.entry() != null) {
      Map<String, String[]> at = entriesAt.getOrDefault(h.file().tenant(), Map.of());
      String[] live = at.get(h.entry().path());
      if (live != null && "D".equals(live[0])) {
        c.directoryAt = h.entry().path();
      } else if (live != null && !id.equals(live[1])) {
        c.liveTakenBy = live[1];
      }
      for (String dir : PathRules.ancestors(h.entry().path())) {
        String[] e = at.get(dir);
        if (e != null && "F".equals(e[0]) && !id.equals(e[1])) {
          c.filesInWay.put(dir, e[1]);
        }
      }
    }
    Map<String, String> tombs = tombstonesAt.getOrDefault(h.file().tenant(), Map.of());
    for (Row.Tombstone t : h.tombstones()) {
      String holder = tombs.get(t.path());
      if (holder != null && !holder.equals(id)) {
        c.tombstonesTaken.add(t.path());
      }
    }
    return c;
  }

  private static Set<String> existingIds(TransferDialect d, Connection conn, List<FileHead> heads)
      throws SQLException {
    Set<String> found = new HashSet<>();
    for (int from = 0; from < heads.size(); from += IN_CHUNK) {
      List<FileHead> chunk = heads.subList(from, Math.min(heads.size(), from + IN_CHUNK));
      try (PreparedStatement ps =
          conn.prepareStatement("SELECT id FROM files WHERE id IN (" + marks(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          d.setUuid(ps, i + 1, chunk.get(i).file().fileId());
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
  private static <T> Map<String, T> byPath(
      Connection conn, String sqlPrefix, String tenant, Set<String> paths, Value<T> value)
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

  /** One file's conflicts; none at all means it can simply be inserted. */
  static final class Conflicts {
    boolean idExists;
    /** The file's live path, when the target has a directory there. */
    String directoryAt;
    /** The other file living at the file's live path. */
    String liveTakenBy;
    /** Parent directories of the live path that are files in the target: path -> file id. */
    final Map<String, String> filesInWay = new HashMap<>();
    /** The file's deleted paths that hold another file's history in the target. */
    final List<String> tombstonesTaken = new ArrayList<>();

    boolean any() {
      return idExists
          || directoryAt != null
          || liveTakenBy != null
          || !filesInWay.isEmpty()
          || !tombstonesTaken.isEmpty();
    }

    /** The first conflict, in words. */
    String describe(FileHead h) {
      String file = "file " + h.file().fileId() + " of tenant " + h.file().tenant();
      if (idExists) {
        return file + " already exists in the target";
      }
      if (directoryAt != null) {
        return file + ": " + directoryAt + " is a directory in the target";
      }
      if (liveTakenBy != null) {
        return file + ": " + h.entry().path() + " is taken in the target by file " + liveTakenBy;
      }
      if (!filesInWay.isEmpty()) {
        return file + ": " + filesInWay.keySet().iterator().next() + " is a file in the target, so "
            + h.entry().path() + " cannot be created below it";
      }
      return file + ": the deleted path " + tombstonesTaken.get(0)
          + " holds another file's history in the target";
    }
  }
}
