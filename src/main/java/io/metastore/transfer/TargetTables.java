package io.metastore.transfer;

import io.metastore.domain.Json;
import io.metastore.domain.PathRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQL an import runs against the target's four tables: inserts queued as JDBC batches (one
 * per table, executed in foreign-key order), directory rows for every parent of a live entry, and
 * the deletions an overwrite needs, with the pruning of directories they leave empty.
 */
final class TargetTables implements AutoCloseable {
  private static final String UPSERT_TOMBSTONE =
      "INSERT INTO tombstones (tenant_id, path, file_id, deleted_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (tenant_id, path) DO UPDATE SET file_id = excluded.file_id,"
          + " deleted_at = excluded.deleted_at";

  private final TransferDialect d;
  private final Connection conn;
  private final PreparedStatement files;
  private final PreparedStatement dirs;
  private final PreparedStatement entries;
  private final PreparedStatement tombstones;
  private final PreparedStatement versions;
  private final Set<String> dirsQueued = new HashSet<>();
  private final List<String[]> toPrune = new ArrayList<>();

  /** {@code upsertTombstones}: an imported tombstone replaces the target's at the same path. */
  TargetTables(TransferDialect d, Connection conn, boolean upsertTombstones) throws SQLException {
    this.d = d;
    this.conn = conn;
    this.files = conn.prepareStatement("INSERT INTO files (id, tenant_id, created_at) VALUES (?, ?, ?)");
    this.dirs =
        conn.prepareStatement(
            "INSERT INTO entries (tenant_id, path, parent, kind) VALUES (?, ?, ?, 'D')"
                + " ON CONFLICT (tenant_id, path) DO NOTHING");
    this.entries =
        conn.prepareStatement(
            "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path,"
                + " size, etag, mime_type, attrs, version, created_at, modified_at)"
                + " VALUES (?, ?, ?, 'F', ?, ?, ?, ?, ?, ?, " + d.jsonParam() + ", ?, ?, ?)");
    this.tombstones =
        conn.prepareStatement(
            upsertTombstones
                ? UPSERT_TOMBSTONE
                : "INSERT INTO tombstones (tenant_id, path, file_id, deleted_at) VALUES (?, ?, ?, ?)");
    this.versions =
        conn.prepareStatement(
            "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size,"
                + " etag, mime_type, attrs, modified_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                + d.jsonParam() + ", ?, ?)");
  }

  // ------------------------------------------------------------------ inserts (queued)

  void file(Row.File f) throws SQLException {
    d.setUuid(files, 1, f.fileId());
    files.setString(2, f.tenant());
    d.setTime(files, 3, f.createdAt());
    files.addBatch();
  }

  /** The live entry, and a directory row for each of its parents. */
  void entry(Row.Entry e) throws SQLException {
    for (String dir : PathRules.ancestors(e.path())) {
      if (dirsQueued.add(e.tenant() + '\u0000' + dir)) {
        dirs.setString(1, e.tenant());
        dirs.setString(2, dir);
        dirs.setString(3, PathRules.parent(dir));
        dirs.addBatch();
      }
    }
    entries.setString(1, e.tenant());
    entries.setString(2, e.path());
    entries.setString(3, PathRules.parent(e.path()));
    d.setUuid(entries, 4, e.fileId());
    content(entries, 5, e.content());
    entries.setLong(11, e.version());
    d.setTime(entries, 12, e.createdAt());
    d.setTime(entries, 13, e.modifiedAt());
    entries.addBatch();
  }

  void tombstone(Row.Tombstone t) throws SQLException {
    tombstones.setString(1, t.tenant());
    tombstones.setString(2, t.path());
    d.setUuid(tombstones, 3, t.fileId());
    d.setTime(tombstones, 4, t.deletedAt());
    tombstones.addBatch();
  }

  void version(Row.Version v) throws SQLException {
    d.setUuid(versions, 1, v.fileId());
    versions.setLong(2, v.version());
    versions.setString(3, v.tenant());
    content(versions, 4, v.content());
    d.setTime(versions, 10, v.modifiedAt());
    versions.setString(11, v.source());
    versions.addBatch();
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

  /** Runs what is queued, parents before children, then prunes emptied directories. */
  void execute() throws SQLException {
    for (PreparedStatement ps : List.of(files, dirs, entries, tombstones, versions)) {
      ps.executeBatch();
    }
    dirsQueued.clear();
    prune();
  }

  // ------------------------------------------------------------------ overwrite (immediate)

  /**
   * Deletes the target's file {@code fileId} with its entry, history and tombstones, so that the
   * imported one can take its place; {@code replacement} is the imported live entry (or null).
   */
  void removeFile(String fileId, Row.Entry replacement) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT tenant_id, path FROM entries WHERE file_id = ?")) {
      d.setUuid(ps, 1, fileId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String tenant = rs.getString(1);
          String path = rs.getString(2);
          boolean refilled =
              replacement != null && replacement.tenant().equals(tenant) && replacement.path().equals(path);
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
        d.setUuid(ps, 1, fileId);
        ps.executeUpdate();
      }
    }
  }

  /** Deletes another file from {@code path} as the service would: its history stays readable. */
  void displace(String tenant, String path, String fileId) throws SQLException {
    try (PreparedStatement del =
            conn.prepareStatement("DELETE FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'F'");
        PreparedStatement tomb = conn.prepareStatement(UPSERT_TOMBSTONE)) {
      del.setString(1, tenant);
      del.setString(2, path);
      del.executeUpdate();
      tomb.setString(1, tenant);
      tomb.setString(2, path);
      d.setUuid(tomb, 3, fileId);
      d.setTime(tomb, 4, System.currentTimeMillis());
      tomb.executeUpdate();
    }
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

  @Override
  public void close() {
    for (PreparedStatement ps : List.of(files, dirs, entries, tombstones, versions)) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // the connection is closed next
      }
    }
  }
}
