package io.metastore.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Attrs;
import io.metastore.domain.BatchDeleteResult;
import io.metastore.domain.ConflictException;
import io.metastore.domain.Cursor;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.ListItem;
import io.metastore.domain.MetastoreException;
import io.metastore.domain.NotFoundException;
import io.metastore.domain.Page;
import io.metastore.domain.PathRules;
import io.metastore.domain.Precondition;
import io.metastore.domain.PutResult;
import io.metastore.domain.Stats;
import io.metastore.store.ListRequest;
import io.metastore.store.MetadataStore;
import io.metastore.store.QueryRequest;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The store's logic, written once over {@link SqlTx}: both adapters run it. The live namespace is
 * the {@code entries} table (files and implicit directories share one primary key, so a path is
 * a file or a directory, never both); history lives in {@code file_versions} keyed by file id,
 * and {@code tombstones} remember which file a deleted path held.
 */
public abstract class SqlMetadataStore implements MetadataStore {

  protected final SqlDialect d;
  private final String recordCols;
  private final String versionCols;

  protected SqlMetadataStore(SqlDialect dialect) {
    this.d = dialect;
    this.recordCols =
        "path, backend, physical_path, size, etag, mime_type, "
            + d.jsonText("attrs")
            + ", version, created_at, modified_at";
    this.versionCols =
        "version, backend, physical_path, size, etag, mime_type, "
            + d.jsonText("attrs")
            + ", modified_at, source";
  }

  protected final String recordColumns() {
    return recordCols;
  }

  protected final FileRecord toRecord(SqlRow row, int at) {
    return record(row, at);
  }

  /** Runs {@code work} in one write transaction, retrying transient failures. */
  protected abstract <T> Uni<T> inTransaction(Function<SqlTx, Uni<T>> work);

  /** Runs {@code work} on a connection for reading. */
  protected abstract <T> Uni<T> reading(Function<SqlTx, Uni<T>> work);

  protected long now() {
    return System.currentTimeMillis();
  }

  @Override
  public String databaseName() {
    return d.name();
  }

  @Override
  public Uni<Void> ping() {
    return reading(tx -> tx.query("SELECT 1")).replaceWithVoid();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Uni<FileRecord> get(String tenant, String path) {
    return reading(
        tx ->
            tx.query(
                    "SELECT " + recordCols + " FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'F'",
                    tenant,
                    path)
                .map(rows -> rows.isEmpty() ? null : record(rows.get(0), 0)));
  }

  @Override
  public Uni<List<FileRecord>> getMany(String tenant, List<String> paths) {
    if (paths.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    Object[] args = new Object[paths.size() + 1];
    args[0] = tenant;
    for (int i = 0; i < paths.size(); i++) {
      args[i + 1] = paths.get(i);
    }
    String sql =
        "SELECT " + recordCols + " FROM entries WHERE tenant_id = ? AND kind = 'F' AND path IN ("
            + placeholders(paths.size()) + ")";
    return reading(
        tx ->
            tx.query(sql, args)
                .map(
                    rows -> {
                      Map<String, FileRecord> byPath = new HashMap<>();
                      for (SqlRow row : rows) {
                        FileRecord r = record(row, 0);
                        byPath.put(r.path(), r);
                      }
                      List<FileRecord> out = new ArrayList<>(paths.size());
                      for (String p : paths) {
                        out.add(byPath.get(p));
                      }
                      return out;
                    }));
  }

  @Override
  public Uni<Page<ListItem>> list(String tenant, ListRequest req) {
    String dir = req.directory();
    String lower =
        req.after() != null && req.after().compareTo(PathRules.rangeStart(dir)) > 0
            ? req.after()
            : PathRules.rangeStart(dir);
    return reading(
        tx -> {
          if (req.recursive()) {
            return tx.query(
                "SELECT 'F', " + recordCols + " FROM entries WHERE tenant_id = ? AND kind = 'F'"
                    + " AND path > ? AND path < ? ORDER BY path LIMIT ?",
                tenant, lower, PathRules.rangeEnd(dir), (long) req.limit() + 1);
          }
          return tx.query(
              "SELECT kind, " + recordCols + " FROM entries WHERE tenant_id = ? AND parent = ?"
                  + " AND path > ? ORDER BY path LIMIT ?",
              tenant, dir, lower, (long) req.limit() + 1);
        })
        .map(
            rows -> {
              List<ListItem> items = new ArrayList<>(rows.size());
              for (SqlRow row : rows) {
                items.add(
                    "D".equals(row.string(0))
                        ? ListItem.dir(row.string(1))
                        : ListItem.file(record(row, 1)));
              }
              return page(items, req.limit(), req.scope(), ListItem::path);
            });
  }

  /**
   * Default attribute query: scan the directory's range in key order and test each record in
   * Java. Cost grows with the files under the prefix; PostgreSQL overrides this with its GIN index.
   */
  @Override
  public Uni<Page<FileRecord>> query(String tenant, QueryRequest req) {
    return reading(tx -> scanQuery(tx, tenant, req, startKey(req), new ArrayList<>()))
        .map(found -> page(found, req.limit(), req.scope(), FileRecord::path));
  }

  protected static String startKey(QueryRequest req) {
    String start = PathRules.rangeStart(req.directory());
    return req.after() != null && req.after().compareTo(start) > 0 ? req.after() : start;
  }

  private static final int SCAN_CHUNK = 500;

  private Uni<List<FileRecord>> scanQuery(
      SqlTx tx, String tenant, QueryRequest req, String lower, List<FileRecord> found) {
    return tx.query(
            "SELECT " + recordCols + " FROM entries WHERE tenant_id = ? AND kind = 'F' AND path > ?"
                + " AND path < ? " + candidateFilter(req) + " ORDER BY path LIMIT ?",
            candidateArgs(tenant, lower, req, SCAN_CHUNK))
        .chain(
            rows -> {
              String last = lower;
              for (SqlRow row : rows) {
                FileRecord r = record(row, 0);
                last = r.path();
                if (io.metastore.domain.JsonContainment.contains(
                    Json.read(r.content().attrs()), req.attrs())) {
                  found.add(r);
                  if (found.size() > req.limit()) {
                    return Uni.createFrom().item(found);
                  }
                }
              }
              if (rows.size() < SCAN_CHUNK) {
                return Uni.createFrom().item(found);
              }
              return scanQuery(tx, tenant, req, last, found);
            });
  }

  /** Extra SQL narrowing the scan to candidates (a superset of the matches); none by default. */
  protected String candidateFilter(QueryRequest req) {
    return "";
  }

  /** Arguments for the scan: tenant, lower, upper, then the filter's, then the limit. */
  protected Object[] candidateArgs(String tenant, String lower, QueryRequest req, int limit) {
    return new Object[] {tenant, lower, PathRules.rangeEnd(req.directory()), (long) limit};
  }

  @Override
  public Uni<Stats> stats(String tenant) {
    return reading(
        tx ->
            tx.query(
                    "SELECT count(*), sum(size >> 32), sum(size & 4294967295) FROM entries"
                        + " WHERE tenant_id = ? AND kind = 'F'",
                    tenant)
                .chain(
                    totals ->
                        schemaVersion(tx)
                            .map(
                                v ->
                                    new Stats(
                                        totals.get(0).longValue(0),
                                        sumOfHalves(totals.get(0)),
                                        d.name(),
                                        v))));
  }

  /** Sizes go up to 2^63-1, so their sum is taken in 32-bit halves that cannot overflow. */
  private static java.math.BigInteger sumOfHalves(SqlRow row) {
    java.math.BigInteger hi = row.bigInteger(1);
    java.math.BigInteger lo = row.bigInteger(2);
    if (hi == null) {
      return java.math.BigInteger.ZERO;
    }
    return hi.shiftLeft(32).add(lo);
  }

  protected Uni<String> schemaVersion(SqlTx tx) {
    return tx.query(
            "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank DESC LIMIT 1")
        .map(rows -> rows.isEmpty() ? null : rows.get(0).string(0));
  }

  @Override
  public Uni<Page<FileVersion>> versions(String tenant, String path, int limit, String cursor) {
    String scope = "versions\u0000" + path;
    String afterKey = Cursor.decode(scope, cursor);
    long before;
    try {
      before = afterKey == null ? Long.MAX_VALUE : Long.parseLong(afterKey);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("cursor", "is not a cursor this service made");
    }
    return reading(
        tx ->
            historyOf(tx, tenant, path)
                .chain(
                    fileId -> {
                      if (fileId == null) {
                        throw new NotFoundException("no file has ever existed at " + path);
                      }
                      return tx.query(
                          "SELECT " + versionCols + " FROM file_versions WHERE file_id = ?"
                              + " AND version < ? ORDER BY version DESC LIMIT ?",
                          d.uuid(fileId), before, (long) limit + 1);
                    }))
        .map(
            rows -> {
              List<FileVersion> items = new ArrayList<>();
              for (SqlRow row : rows) {
                items.add(fileVersion(row));
              }
              return page(items, limit, scope, v -> Long.toString(v.version()));
            });
  }

  @Override
  public Uni<FileVersion> version(String tenant, String path, long version) {
    return reading(tx -> versionRow(tx, tenant, path, version));
  }

  private Uni<FileVersion> versionRow(SqlTx tx, String tenant, String path, long version) {
    return historyOf(tx, tenant, path)
        .chain(
            fileId -> {
              if (fileId == null) {
                throw new NotFoundException("no file has ever existed at " + path);
              }
              return tx.query(
                  "SELECT " + versionCols + " FROM file_versions WHERE file_id = ? AND version = ?",
                  d.uuid(fileId), version);
            })
        .map(
            rows -> {
              if (rows.isEmpty()) {
                throw new NotFoundException(path + " has no version " + version);
              }
              return fileVersion(rows.get(0));
            });
  }

  /** The file whose history a path shows: the live file, else the one deleted there last. */
  private Uni<UUID> historyOf(SqlTx tx, String tenant, String path) {
    return tx.query(
            "SELECT file_id FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'F'"
                + " UNION ALL SELECT file_id FROM tombstones WHERE tenant_id = ? AND path = ?",
            tenant, path, tenant, path)
        .map(rows -> rows.isEmpty() ? null : rows.get(0).uuid(0));
  }

  // ---------------------------------------------------------------- writes

  @Override
  public Uni<PutResult> put(
      String tenant, String path, FileContent content, Precondition precondition) {
    long now = now();
    return inTransaction(
        tx ->
            writeAfter(
                lockForWrite(tx, tenant, path), tx, tenant, path, content, FileVersion.PUT, precondition, now));
  }

  /**
   * Puts a whole batch with a fixed number of set-based statements (chunked), not a round trip
   * per entry: lock everything, read the current entries, check the namespace, then insert or
   * upsert in bulk. Any conflict fails the batch, naming the entry's index.
   */
  @Override
  public Uni<List<FileRecord>> putMany(String tenant, List<PathContent> files) {
    if (files.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      index.put(files.get(i).path(), i);
    }
    java.util.TreeSet<String> ancestors = new java.util.TreeSet<>();
    for (int i = 0; i < files.size(); i++) {
      for (String a : PathRules.ancestors(files.get(i).path())) {
        if (index.containsKey(a)) {
          throw new ConflictException(
              "files[" + i + "]: " + a + " is a file in this batch, so " + files.get(i).path()
                  + " cannot be created below it");
        }
        ancestors.add(a);
      }
    }
    List<String> paths = new ArrayList<>(index.keySet());
    Collections.sort(paths);
    long now = now();
    List<String> ancestorList = new ArrayList<>(ancestors);
    return inTransaction(
        tx ->
            Uni.combine()
                .all()
                .unis(
                    lockTenant(tx, tenant).map(x -> Boolean.TRUE),
                    currentMany(tx, tenant, paths),
                    filesAmong(tx, tenant, ancestorList),
                    tombstonesOf(tx, tenant, paths))
                .asTuple()
                .chain(
                    t -> bulkWrite(tx, tenant, files, index, t.getItem2(), t.getItem3(), t.getItem4(), now)));
  }

  private static final int ROWS_PER_STATEMENT = 500;

  private Uni<Map<String, Entry>> currentMany(SqlTx tx, String tenant, List<String> paths) {
    Map<String, Entry> found = new HashMap<>();
    return sequentially(
            chunks(paths, ROWS_PER_STATEMENT * 4),
            (i, chunk) ->
                tx.query(
                        "SELECT kind, file_id, " + recordCols + " FROM entries WHERE tenant_id = ? AND path IN ("
                            + placeholders(chunk.size()) + ")",
                        prepend(tenant, chunk))
                    .map(
                        rows -> {
                          for (SqlRow row : rows) {
                            Entry e = entry(row, row.string(2));
                            found.put(e.record.path(), e);
                          }
                          return rows.size();
                        }))
        .map(x -> found);
  }

  private Uni<List<FileRecord>> bulkWrite(
      SqlTx tx,
      String tenant,
      List<PathContent> files,
      Map<String, Integer> index,
      Map<String, Entry> current,
      java.util.Set<String> blocking,
      Map<String, Identity> tombstoned,
      long now) {
    List<String> creates = new ArrayList<>();
    java.util.TreeSet<String> createAncestors = new java.util.TreeSet<>();
    for (int i = 0; i < files.size(); i++) {
      Entry cur = current.get(files.get(i).path());
      if (cur != null && cur.isDir()) {
        throw new ConflictException("files[" + i + "]: " + files.get(i).path() + " is a directory");
      }
      if (cur == null) {
        creates.add(files.get(i).path());
        createAncestors.addAll(PathRules.ancestors(files.get(i).path()));
      }
    }
    for (String p : creates) {
      requireNoFileAbove(blocking, p, "files[" + index.get(p) + "]: ");
    }
    Map<String, Identity> identities = new HashMap<>();
    List<String> reborn = new ArrayList<>();
    List<Object> fresh = new ArrayList<>();
    for (String p : creates) {
      Identity old = tombstoned.get(p);
      if (old != null) {
        identities.put(p, old);
        reborn.add(p);
      } else {
        UUID id = UUID.randomUUID();
        identities.put(p, new Identity(id, 1));
        fresh.add(new Object[] {d.uuid(id), tenant, d.time(now)});
      }
    }
    return sequentially(
            chunks(reborn, ROWS_PER_STATEMENT * 4),
            (i, chunk) ->
                tx.update(
                    "DELETE FROM tombstones WHERE tenant_id = ? AND path IN ("
                        + placeholders(chunk.size()) + ")",
                    prepend(tenant, chunk)))
        .chain(() -> insertRows(tx, "INSERT INTO files (id, tenant_id, created_at) VALUES ", "(?, ?, ?)", fresh, ""))
        .chain(() -> ensureDirectories(tx, tenant, new ArrayList<>(createAncestors)))
        .chain(
            () -> {
              List<Object> entryRows = new ArrayList<>(files.size());
              List<Object> versionRows = new ArrayList<>(files.size());
              List<FileRecord> records = new ArrayList<>(files.size());
              for (PathContent f : files) {
                Entry cur = current.get(f.path());
                FileContent c = f.content();
                UUID id;
                long version;
                long created;
                long modified;
                if (cur == null) {
                  Identity ident = identities.get(f.path());
                  id = ident.id();
                  version = ident.version();
                  created = now;
                  modified = now;
                } else {
                  id = cur.fileId;
                  version = cur.record.version() + 1;
                  created = cur.record.createdAt();
                  modified = Math.max(now, cur.record.modifiedAt() + 1);
                }
                entryRows.add(
                    new Object[] {
                      tenant, f.path(), PathRules.parent(f.path()), d.uuid(id), c.backend(),
                      c.physicalPath(), c.size(), c.etag(), c.mimeType(), c.attrs(), version,
                      d.time(created), d.time(modified)
                    });
                versionRows.add(
                    new Object[] {
                      d.uuid(id), version, tenant, c.backend(), c.physicalPath(), c.size(),
                      c.etag(), c.mimeType(), c.attrs(), d.time(modified), FileVersion.PUT
                    });
                records.add(new FileRecord(f.path(), c, version, created, modified));
              }
              return insertRows(
                      tx,
                      "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path,"
                          + " size, etag, mime_type, attrs, version, created_at, modified_at) VALUES ",
                      "(?, ?, ?, 'F', ?, ?, ?, ?, ?, ?, " + d.jsonParam() + ", ?, ?, ?)",
                      entryRows,
                      " ON CONFLICT (tenant_id, path) DO UPDATE SET backend = excluded.backend,"
                          + " physical_path = excluded.physical_path, size = excluded.size,"
                          + " etag = excluded.etag, mime_type = excluded.mime_type, attrs = excluded.attrs,"
                          + " version = excluded.version, modified_at = excluded.modified_at")
                  .chain(
                      () ->
                          insertRows(
                              tx,
                              "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path,"
                                  + " size, etag, mime_type, attrs, modified_at, source) VALUES ",
                              "(?, ?, ?, ?, ?, ?, ?, ?, " + d.jsonParam() + ", ?, ?)",
                              versionRows,
                              ""))
                  .map(x -> records);
            });
  }

  /** Which of {@code paths} are live files. */
  private Uni<java.util.Set<String>> filesAmong(SqlTx tx, String tenant, List<String> paths) {
    java.util.Set<String> found = new java.util.HashSet<>();
    return sequentially(
            chunks(paths, ROWS_PER_STATEMENT * 4),
            (i, chunk) ->
                tx.query(
                        "SELECT path FROM entries WHERE tenant_id = ? AND kind = 'F' AND path IN ("
                            + placeholders(chunk.size()) + ")",
                        prepend(tenant, chunk))
                    .map(
                        rows -> {
                          rows.forEach(r -> found.add(r.string(0)));
                          return rows.size();
                        }))
        .map(x -> found);
  }

  /** For deleted paths among {@code paths}: the file they held and its next version. */
  private Uni<Map<String, Identity>> tombstonesOf(SqlTx tx, String tenant, List<String> paths) {
    Map<String, Identity> found = new HashMap<>();
    return sequentially(
            chunks(paths, ROWS_PER_STATEMENT * 4),
            (i, chunk) ->
                tx.query(
                        "SELECT t.path, t.file_id, (SELECT max(v.version) FROM file_versions v"
                            + " WHERE v.file_id = t.file_id) FROM tombstones t WHERE t.tenant_id = ?"
                            + " AND t.path IN (" + placeholders(chunk.size()) + ")",
                        prepend(tenant, chunk))
                    .map(
                        rows -> {
                          for (SqlRow r : rows) {
                            Long last = r.longValue(2);
                            found.put(r.string(0), new Identity(r.uuid(1), last == null ? 1 : last + 1));
                          }
                          return rows.size();
                        }))
        .map(x -> found);
  }

  /** Multi-row INSERT of {@code rows} (each an Object[] matching {@code rowSql}), in chunks. */
  private Uni<Void> insertRows(SqlTx tx, String head, String rowSql, List<Object> rows, String tail) {
    return sequentially(
            chunks(rows, ROWS_PER_STATEMENT),
            (i, chunk) -> {
              StringBuilder sql = new StringBuilder(head);
              List<Object> args = new ArrayList<>();
              for (int r = 0; r < chunk.size(); r++) {
                sql.append(r == 0 ? "" : ", ").append(rowSql);
                args.addAll(java.util.Arrays.asList((Object[]) chunk.get(r)));
              }
              sql.append(tail);
              return tx.update(sql.toString(), args.toArray());
            })
        .replaceWithVoid();
  }

  protected static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }

  private static Object[] prepend(Object first, List<?> rest) {
    Object[] args = new Object[rest.size() + 1];
    args[0] = first;
    for (int i = 0; i < rest.size(); i++) {
      args[i + 1] = rest.get(i);
    }
    return args;
  }

  /**
   * Runs {@code step} for each item, one after the other. Mutiny's concatenation trampolines, so
   * a long batch on the synchronous SQLite adapter does not grow the stack.
   */
  protected static <T, R> Uni<List<R>> sequentially(
      List<T> items, java.util.function.BiFunction<Integer, T, Uni<R>> step) {
    return io.smallrye.mutiny.Multi.createFrom()
        .range(0, items.size())
        .onItem()
        .transformToUniAndConcatenate(i -> step.apply(i, items.get(i)))
        .collect()
        .asList();
  }

  @Override
  public Uni<FileRecord> rollback(String tenant, String path, long version) {
    long now = now();
    return inTransaction(
        tx ->
            lockForWrite(tx, tenant, path)
                .chain(() -> versionRow(tx, tenant, path, version))
                .chain(
                    old ->
                        writeAfter(
                            Uni.createFrom().voidItem(), tx, tenant, path, old.content(),
                            FileVersion.ROLLBACK, Precondition.NONE, now))
                .map(PutResult::record));
  }

  /**
   * The tenant's own lock key: every single-path writer holds it shared, a batch holds it
   * exclusively, so a batch needs one lock instead of one per path (PostgreSQL's lock table is
   * shared and small: thousands of locks per transaction exhaust it).
   */
  static final String TENANT_KEY = "";

  /** Beyond this depth a writer takes the tenant lock exclusively instead of a lock per ancestor. */
  static final int MAX_LOCKED_ANCESTORS = 32;

  /** Shared locks on the ancestors (they must stay directories), an exclusive one on the path. */
  private Uni<Void> lockForWrite(SqlTx tx, String tenant, String path) {
    List<String> ancestors = PathRules.ancestors(path);
    if (ancestors.size() > MAX_LOCKED_ANCESTORS) {
      return lockTenant(tx, tenant);
    }
    List<String> shared = new ArrayList<>(ancestors.size() + 1);
    shared.add(TENANT_KEY);
    shared.addAll(ancestors);
    return d.lock(tx, tenant, shared, List.of(path));
  }

  /** Locks {@code path} for writing and reads its entry (null if none); sent together. */
  private Uni<Entry> lockAndRead(SqlTx tx, String tenant, String path) {
    return Uni.combine()
        .all()
        .unis(
            lockForWrite(tx, tenant, path).map(x -> Boolean.TRUE),
            current(tx, tenant, path).map(java.util.Optional::ofNullable))
        .asTuple()
        .map(t -> t.getItem2().orElse(null));
  }

  /** Excludes every other writer of the tenant for the rest of the transaction. */
  private Uni<Void> lockTenant(SqlTx tx, String tenant) {
    return d.lock(tx, tenant, List.of(), List.of(TENANT_KEY));
  }

  /**
   * Writes one file after {@code first} (its lock). The lock and every read the write needs are
   * sent together: PostgreSQL runs pipelined statements in order, each with a fresh snapshot, so
   * the reads still see everything committed before the lock was granted.
   */
  private Uni<PutResult> writeAfter(
      Uni<Void> first,
      SqlTx tx,
      String tenant,
      String path,
      FileContent content,
      String source,
      Precondition precondition,
      long now) {
    List<String> ancestors = PathRules.ancestors(path);
    return Uni.combine()
        .all()
        .unis(
            first.map(x -> Boolean.TRUE),
            current(tx, tenant, path).map(java.util.Optional::ofNullable),
            filesAmong(tx, tenant, ancestors),
            tombstonesOf(tx, tenant, List.of(path)))
        .asTuple()
        .chain(
            t -> {
              Entry cur = t.getItem2().orElse(null);
              precondition.check(cur == null || cur.isDir() ? null : cur.record.version(), path);
              if (cur != null && cur.isDir()) {
                throw new ConflictException(path + " is a directory");
              }
              if (cur != null) {
                return replace(tx, tenant, cur, content, source, now);
              }
              requireNoFileAbove(t.getItem3(), path, "");
              return create(tx, tenant, path, content, source, now, t.getItem4().get(path));
            });
  }

  private Uni<PutResult> replace(
      SqlTx tx, String tenant, Entry cur, FileContent c, String source, long now) {
    long version = cur.record.version() + 1;
    long modified = Math.max(now, cur.record.modifiedAt() + 1);
    return Uni.combine()
        .all()
        .unis(
            tx.update(
                "UPDATE entries SET backend = ?, physical_path = ?, size = ?, etag = ?, mime_type = ?,"
                    + " attrs = " + d.jsonParam() + ", version = ?, modified_at = ?"
                    + " WHERE tenant_id = ? AND path = ?",
                c.backend(), c.physicalPath(), c.size(), c.etag(), c.mimeType(), c.attrs(),
                version, d.time(modified), tenant, cur.record.path()),
            insertVersion(tx, tenant, cur.fileId, version, c, modified, source))
        .asTuple()
        .map(
            x ->
                new PutResult(
                    new FileRecord(cur.record.path(), c, version, cur.record.createdAt(), modified),
                    false));
  }

  /** Creates a file; {@code reborn} is the identity a deleted file left at this path, if any. */
  private Uni<PutResult> create(
      SqlTx tx, String tenant, String path, FileContent c, String source, long now, Identity reborn) {
    Identity ident = reborn != null ? reborn : new Identity(UUID.randomUUID(), 1);
    Uni<Integer> identity =
        reborn != null
            ? tx.update("DELETE FROM tombstones WHERE tenant_id = ? AND path = ?", tenant, path)
            : tx.update(
                "INSERT INTO files (id, tenant_id, created_at) VALUES (?, ?, ?)",
                d.uuid(ident.id()), tenant, d.time(now));
    // Independent statements, sent together and run in this order (files before entries).
    return Uni.combine()
        .all()
        .unis(
            identity,
            ensureDirectories(tx, tenant, PathRules.ancestors(path)).map(x -> 0),
            tx.update(
                "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend,"
                    + " physical_path, size, etag, mime_type, attrs, version, created_at,"
                    + " modified_at) VALUES (?, ?, ?, 'F', ?, ?, ?, ?, ?, ?, "
                    + d.jsonParam() + ", ?, ?, ?)",
                tenant, path, PathRules.parent(path), d.uuid(ident.id()), c.backend(),
                c.physicalPath(), c.size(), c.etag(), c.mimeType(), c.attrs(),
                ident.version(), d.time(now), d.time(now)),
            insertVersion(tx, tenant, ident.id(), ident.version(), c, now, source))
        .asTuple()
        .map(x -> new PutResult(new FileRecord(path, c, ident.version(), now, now), true));
  }

  private record Identity(UUID id, long version) {}

  private Uni<Integer> insertVersion(
      SqlTx tx, String tenant, UUID fileId, long version, FileContent c, long at, String source) {
    return tx.update(
        "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag,"
            + " mime_type, attrs, modified_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + d.jsonParam() + ", ?, ?)",
        d.uuid(fileId), version, tenant, c.backend(), c.physicalPath(), c.size(), c.etag(),
        c.mimeType(), c.attrs(), d.time(at), source);
  }

  /** 409 when an ancestor of {@code path} is a file: nothing can live below a file. */
  private Uni<Void> requireNoFileAbove(SqlTx tx, String tenant, String path) {
    List<String> ancestors = PathRules.ancestors(path);
    return filesAmong(tx, tenant, ancestors)
        .invoke(files -> requireNoFileAbove(files, path, ""))
        .replaceWithVoid();
  }

  /** 409 when one of {@code files} (live file paths) is an ancestor of {@code path}. */
  private static void requireNoFileAbove(java.util.Set<String> files, String path, String at) {
    if (files.isEmpty()) {
      return;
    }
    for (String a : PathRules.ancestors(path)) {
      if (files.contains(a)) {
        throw new ConflictException(at + a + " is a file, so " + path + " cannot be created below it");
      }
    }
  }

  private Uni<Void> ensureDirectories(SqlTx tx, String tenant, List<String> dirs) {
    List<Object> rows = new ArrayList<>(dirs.size());
    for (String dir : dirs) {
      rows.add(new Object[] {tenant, dir, PathRules.parent(dir)});
    }
    return insertRows(
        tx,
        "INSERT INTO entries (tenant_id, path, parent, kind) VALUES ",
        "(?, ?, ?, 'D')",
        rows,
        " ON CONFLICT (tenant_id, path) DO NOTHING");
  }

  @Override
  public Uni<FileRecord> patchAttrs(
      String tenant, String path, JsonNode patch, Precondition precondition) {
    long now = now();
    return inTransaction(
        tx ->
            lockAndRead(tx, tenant, path)
                .chain(
                    cur -> {
                      precondition.check(cur == null || cur.isDir() ? null : cur.record.version(), path);
                      if (cur == null || cur.isDir()) {
                        throw new NotFoundException("no file at " + path);
                      }
                      String attrs =
                          Attrs.canonical(
                              Attrs.mergePatch(Json.read(cur.record.content().attrs()), patch),
                              "attrs");
                      long modified = Math.max(now, cur.record.modifiedAt() + 1);
                      return tx.update(
                              "UPDATE entries SET attrs = " + d.jsonParam() + ", modified_at = ?"
                                  + " WHERE tenant_id = ? AND path = ?",
                              attrs, d.time(modified), tenant, path)
                          .chain(
                              () ->
                                  tx.update(
                                      "UPDATE file_versions SET attrs = " + d.jsonParam()
                                          + ", modified_at = ? WHERE file_id = ? AND version = ?",
                                      attrs, d.time(modified), d.uuid(cur.fileId),
                                      cur.record.version()))
                          .map(
                              x ->
                                  new FileRecord(
                                      path,
                                      cur.record.content().withAttrs(attrs),
                                      cur.record.version(),
                                      cur.record.createdAt(),
                                      modified));
                    }));
  }

  @Override
  public Uni<Integer> delete(
      String tenant, String path, Precondition precondition, boolean recursive) {
    long now = now();
    return inTransaction(
        tx ->
            lockAndRead(tx, tenant, path)
                .chain(
                    cur -> {
                      if (cur == null) {
                        precondition.check(null, path);
                        throw new NotFoundException("nothing exists at " + path);
                      }
                      if (cur.isDir()) {
                        if (!recursive) {
                          throw new ConflictException(
                              path + " is a directory; delete it with recursive=true");
                        }
                        precondition.check(null, path);
                        return deleteTree(tx, tenant, path, now);
                      }
                      precondition.check(cur.record.version(), path);
                      return deleteFile(tx, tenant, cur, now).map(x -> 1);
                    }));
  }

  @Override
  public Uni<BatchDeleteResult> deleteMany(String tenant, List<String> paths) {
    long now = now();
    return inTransaction(
        tx -> {
          BatchDeleteResult acc = new BatchDeleteResult(new ArrayList<>(), new ArrayList<>());
          return lockTenant(tx, tenant)
              .chain(() -> sequentially(
                  paths,
                  (i, path) ->
                      current(tx, tenant, path)
                          .chain(
                              cur -> {
                                if (cur == null) {
                                  acc.missing().add(path);
                                  return Uni.createFrom().item(Boolean.FALSE);
                                }
                                if (cur.isDir()) {
                                  throw new ConflictException(
                                      "paths[" + i + "]: " + path + " is a directory");
                                }
                                acc.deleted().add(path);
                                return deleteFile(tx, tenant, cur, now, true).map(x -> Boolean.TRUE);
                              })))
              .map(x -> acc);
        });
  }

  private Uni<Void> deleteFile(SqlTx tx, String tenant, Entry cur, long now) {
    return deleteFile(tx, tenant, cur, now, false);
  }

  private Uni<Void> deleteFile(SqlTx tx, String tenant, Entry cur, long now, boolean tenantLocked) {
    String path = cur.record.path();
    return tx.update("DELETE FROM entries WHERE tenant_id = ? AND path = ?", tenant, path)
        .chain(
            () ->
                tx.update(
                    "INSERT INTO tombstones (tenant_id, path, file_id, deleted_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (tenant_id, path) DO UPDATE SET file_id = excluded.file_id,"
                        + " deleted_at = excluded.deleted_at",
                    tenant, path, d.uuid(cur.fileId), d.time(now)))
        .chain(
            () ->
                tenantLocked
                    ? pruneEmpty(tx, tenant, PathRules.parent(path), true)
                    : pruneEmpty(tx, tenant, PathRules.parent(path)));
  }

  private Uni<Integer> deleteTree(SqlTx tx, String tenant, String dir, long now) {
    String lo = PathRules.rangeStart(dir);
    String hi = PathRules.rangeEnd(dir);
    return tx.query(
            "SELECT count(*) FROM entries WHERE tenant_id = ? AND kind = 'F' AND path > ? AND path < ?",
            tenant, lo, hi)
        .chain(
            count ->
                tx.update(
                        "INSERT INTO tombstones (tenant_id, path, file_id, deleted_at)"
                            + " SELECT tenant_id, path, file_id, " + d.timeParam() + " FROM entries"
                            + " WHERE tenant_id = ? AND kind = 'F' AND path > ? AND path < ?"
                            + " ON CONFLICT (tenant_id, path) DO UPDATE SET file_id = excluded.file_id,"
                            + " deleted_at = excluded.deleted_at",
                        d.time(now), tenant, lo, hi)
                    .chain(
                        () ->
                            tx.update(
                                "DELETE FROM entries WHERE tenant_id = ? AND (path = ? OR (path > ? AND path < ?))",
                                tenant, dir, lo, hi))
                    .chain(() -> pruneEmpty(tx, tenant, PathRules.parent(dir)))
                    .map(x -> count.get(0).longValue(0).intValue()));
  }

  /**
   * Removes {@code dir} and then its ancestors while they hold nothing: a directory lives while a
   * file does below it. Stops at the first directory that still has children.
   */
  private Uni<Void> pruneEmpty(SqlTx tx, String tenant, String dir) {
    return pruneEmpty(tx, tenant, dir, PathRules.ancestors(dir).size() + 1 > MAX_LOCKED_ANCESTORS);
  }

  /** {@code tenantLocked}: the transaction holds the tenant lock exclusively; no other lock needed. */
  private Uni<Void> pruneEmpty(SqlTx tx, String tenant, String dir, boolean tenantLocked) {
    if (dir.equals(PathRules.ROOT)) {
      return Uni.createFrom().voidItem();
    }
    List<String> chain = new ArrayList<>(PathRules.ancestors(dir));
    chain.add(dir);
    Collections.reverse(chain);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    return sequentially(
            chain,
            (i, d0) -> {
              if (stop.get()) {
                return Uni.createFrom().item(Boolean.FALSE);
              }
              Uni<Void> lock =
                  tenantLocked ? Uni.createFrom().voidItem() : d.lock(tx, tenant, List.of(), List.of(d0));
              return lock
                  .chain(
                      () ->
                          tx.query(
                              "SELECT 1 FROM entries WHERE tenant_id = ? AND parent = ? LIMIT 1",
                              tenant, d0))
                  .chain(
                      rows -> {
                        if (!rows.isEmpty()) {
                          stop.set(true);
                          return Uni.createFrom().item(Boolean.FALSE);
                        }
                        return tx.update(
                                "DELETE FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'D'",
                                tenant, d0)
                            .map(x -> Boolean.TRUE);
                      });
            })
        .replaceWithVoid();
  }

  @Override
  public Uni<Integer> rename(String tenant, String from, String to) {
    LinkedHashSet<String> shared = new LinkedHashSet<>();
    shared.add(TENANT_KEY);
    shared.addAll(PathRules.ancestors(from));
    shared.addAll(PathRules.ancestors(to));
    shared.remove(from);
    shared.remove(to);
    List<String> exclusive = new ArrayList<>(List.of(from, to));
    Collections.sort(exclusive);
    boolean deep = shared.size() > MAX_LOCKED_ANCESTORS;
    return inTransaction(
        tx ->
            (deep ? lockTenant(tx, tenant) : d.lock(tx, tenant, new ArrayList<>(shared), exclusive))
                .chain(() -> current(tx, tenant, from))
                .chain(
                    src -> {
                      if (src == null) {
                        throw new NotFoundException("nothing exists at " + from);
                      }
                      if (to.equals(from) || PathRules.isBelow(to, from)) {
                        throw new InvalidInputException(
                            "to", "must not equal or lie inside " + from + ": " + to);
                      }
                      return current(tx, tenant, to)
                          .chain(
                              dst -> {
                                if (dst != null) {
                                  throw new ConflictException(
                                      (dst.isDir() ? "a directory" : "a file") + " exists at " + to);
                                }
                                return requireNoFileAbove(tx, tenant, to);
                              })
                          .chain(() -> src.isDir() ? moveTree(tx, tenant, from, to) : moveFile(tx, tenant, from, to))
                          .call(() -> ensureDirectories(tx, tenant, PathRules.ancestors(to)))
                          .call(() -> pruneEmpty(tx, tenant, PathRules.parent(from)));
                    }));
  }

  private Uni<Integer> moveFile(SqlTx tx, String tenant, String from, String to) {
    return tx.update(
            "UPDATE entries SET path = ?, parent = ? WHERE tenant_id = ? AND path = ?",
            to, PathRules.parent(to), tenant, from)
        .map(x -> 1);
  }

  private Uni<Integer> moveTree(SqlTx tx, String tenant, String from, String to) {
    String lo = PathRules.rangeStart(from);
    String hi = PathRules.rangeEnd(from);
    long cut = from.codePointCount(0, from.length()) + 1L;
    return tx.query(
            "SELECT count(*) FROM entries WHERE tenant_id = ? AND kind = 'F' AND path > ? AND path < ?",
            tenant, lo, hi)
        .chain(
            count ->
                tx.update(
                        "UPDATE entries SET path = CAST(? AS text) || substr(path, ?),"
                            + " parent = CASE WHEN path = ? THEN CAST(? AS text)"
                            + " ELSE CAST(? AS text) || substr(parent, ?) END"
                            + " WHERE tenant_id = ? AND (path = ? OR (path > ? AND path < ?))",
                        to, cut, from, PathRules.parent(to), to, cut, tenant, from, lo, hi)
                    .map(x -> count.get(0).longValue(0).intValue()));
  }

  // ---------------------------------------------------------------- helpers

  /** A live entry: a file (with its record) or a directory. */
  private record Entry(String kind, UUID fileId, FileRecord record) {
    boolean isDir() {
      return "D".equals(kind);
    }
  }

  private Uni<Entry> current(SqlTx tx, String tenant, String path) {
    return tx.query(
            "SELECT kind, file_id, " + recordCols + " FROM entries WHERE tenant_id = ? AND path = ?",
            tenant, path)
        .map(
            rows -> {
              if (rows.isEmpty()) {
                return null;
              }
              return entry(rows.get(0), path);
            });
  }

  /** An Entry from a row of "kind, file_id, recordCols". */
  private Entry entry(SqlRow row, String path) {
    String kind = row.string(0);
    if ("D".equals(kind)) {
      return new Entry(kind, null, new FileRecord(path, null, 0, 0, 0));
    }
    return new Entry(kind, row.uuid(1), record(row, 2));
  }

  private FileRecord record(SqlRow row, int at) {
    FileContent content =
        new FileContent(
            row.string(at + 1),
            row.string(at + 2),
            row.longValue(at + 3),
            row.string(at + 4),
            row.string(at + 5),
            d.jsonOut(row.string(at + 6)));
    return new FileRecord(
        row.string(at), content, row.longValue(at + 7), row.millis(at + 8), row.millis(at + 9));
  }

  private FileVersion fileVersion(SqlRow row) {
    FileContent content =
        new FileContent(
            row.string(1), row.string(2), row.longValue(3), row.string(4), row.string(5),
            d.jsonOut(row.string(6)));
    return new FileVersion(row.longValue(0), content, row.millis(7), row.string(8));
  }

  protected static <T> Page<T> page(
      List<T> items, int limit, String scope, Function<T, String> key) {
    if (items.size() <= limit) {
      return new Page<>(items, null);
    }
    List<T> shown = new ArrayList<>(items.subList(0, limit));
    return new Page<>(shown, Cursor.encode(scope, key.apply(shown.get(limit - 1))));
  }

  protected static String placeholders(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "?" : ", ?");
    }
    return b.toString();
  }

  /** Domain exceptions pass through every adapter untouched. */
  protected static boolean isDomain(Throwable t) {
    return t instanceof MetastoreException;
  }
}
