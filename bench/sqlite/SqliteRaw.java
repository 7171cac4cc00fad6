import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Raw SQLite baseline for bench/run.sh: the SQL the service runs for each scenario, straight over
 * JDBC (the same sqlite-jdbc jar and connection settings as the service: WAL, synchronous=FULL,
 * foreign keys, busy_timeout 5000, IMMEDIATE transactions), with no HTTP or service code between.
 *
 * <p>Usage: java -cp sqlite-jdbc.jar SqliteRaw.java DB_FILE N SECONDS THREADS_CSV OPS_CSV
 * <br>OPS: get, list, query (run at every thread count) and put_create, put_replace, batch_put
 * (one writer: SQLite serialises writers, and the service writes on one thread).
 * Prints one line per measurement: BENCH_JSON {"op":..,"threads":..,"rate":..,"p50_ms":..,"p99_ms":..}.
 */
public class SqliteRaw {
  static final int FILES_PER_DIR = 200;
  static final String[] EXTS = {"pdf", "csv", "json", "png", "txt"};
  static final String COLS =
      "path, backend, physical_path, size, etag, mime_type, attrs, version, created_at, modified_at";
  static final String ATTRS = "{\"owner\":\"user1\",\"project\":\"p01\",\"tags\":[\"q1\",\"draft\"],\"score\":7}";

  static String url;
  static int n;

  static String leafDir(long leaf) {
    return String.format(Locale.ROOT, "/tenant-%02d/projects/p%02d/dir%02d", leaf % 8, (leaf / 8) % 50, leaf / 400);
  }

  static String filePath(long i) {
    return String.format(Locale.ROOT, "%s/file-%07d.%s", leafDir(i / FILES_PER_DIR), i, EXTS[(int) (i % 5)]);
  }

  static String parent(String p) {
    int s = p.lastIndexOf('/');
    return s <= 0 ? "/" : p.substring(0, s);
  }

  static Connection open() throws SQLException {
    return DriverManager.getConnection(url);
  }

  interface Op {
    /** One operation on this thread's connection. */
    void run(Connection c, ThreadLocalRandom r, long seq) throws SQLException;
  }

  public static void main(String[] args) throws Exception {
    String db = args[0];
    n = Integer.parseInt(args[1]);
    double secs = Double.parseDouble(args[2]);
    int[] threads = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    List<String> ops = List.of(args[4].split(","));
    url = "jdbc:sqlite:" + db + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=5000"
        + "&transaction_mode=IMMEDIATE";
    long tag = System.currentTimeMillis();
    for (String op : ops) {
      boolean writer = op.startsWith("put") || op.startsWith("batch");
      for (int t : writer ? new int[] {1} : threads) {
        measure(op, t, secs, opFor(op, tag));
      }
    }
  }

  static Op opFor(String name, long tag) {
    switch (name) {
      case "get":
        return (c, r, seq) -> {
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT " + COLS + " FROM entries WHERE tenant_id = ? AND path = ? AND kind = 'F'")) {
            ps.setString(1, "default");
            ps.setString(2, filePath(r.nextInt(n)));
            drain(ps, 1);
          }
        };
      case "list":
        return (c, r, seq) -> {
          long leaf = r.nextInt(Math.max(1, n / FILES_PER_DIR));
          String dir = leafDir(leaf);
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT 'F', " + COLS + " FROM entries WHERE tenant_id = ? AND kind = 'F'"
                  + " AND path > ? AND path < ? ORDER BY path LIMIT ?")) {
            ps.setString(1, "default");
            ps.setString(2, r.nextBoolean() ? filePath(leaf * FILES_PER_DIR + 99) : dir + "/");
            ps.setString(3, dir + "0");
            ps.setLong(4, 101);
            drain(ps, 1);
          }
        };
      case "query":
        return (c, r, seq) -> {
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT " + COLS + " FROM entries WHERE tenant_id = ? AND kind = 'F' AND path > ? AND path < ?"
                  + " AND json_extract(attrs, '$.owner') = ? ORDER BY path LIMIT ?")) {
            ps.setString(1, "default");
            ps.setString(2, "/");
            ps.setString(3, "0");
            ps.setString(4, "user" + r.nextInt(1000));
            ps.setLong(5, 101);
            drain(ps, 1);
          }
        };
      case "put_create":
        return (c, r, seq) -> inTx(c, () -> {
          String dir = leafDir(r.nextInt(Math.max(1, n / FILES_PER_DIR)));
          insertFile(c, dir + "/raw-" + tag + "-" + seq + ".json", true);
        });
      case "put_replace":
        return (c, r, seq) -> inTx(c, () -> {
          String fileId;
          long version;
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE entries SET backend = ?, physical_path = ?, size = ?, etag = ?, mime_type = ?, attrs = ?,"
                  + " version = version + 1, modified_at = ? WHERE tenant_id = ? AND path = ?"
                  + " RETURNING file_id, version")) {
            ps.setString(1, "s3-main");
            ps.setString(2, "bucket/ab/cd/abcdef0123456789");
            ps.setLong(3, seq & 0xffffffL);
            ps.setString(4, "abcdef0123456789abcdef0123456789");
            ps.setString(5, "application/json");
            ps.setString(6, ATTRS);
            ps.setLong(7, System.currentTimeMillis());
            ps.setString(8, "default");
            ps.setString(9, filePath(r.nextInt(n)));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              fileId = rs.getString(1);
              version = rs.getLong(2);
            }
          }
          insertVersion(c, fileId, version);
        });
      case "batch_put":
        return (c, r, seq) -> inTx(c, () -> {
          String dir = leafDir(r.nextInt(Math.max(1, n / FILES_PER_DIR))) + "/raw-batch-" + tag + "-" + seq;
          ensureDirs(c, dir);
          for (int k = 1; k <= 1000; k++) {
            insertFile(c, String.format(Locale.ROOT, "%s/f-%04d.json", dir, k), false);
          }
        });
      default:
        throw new IllegalArgumentException("unknown op " + name);
    }
  }

  interface Body {
    void run() throws SQLException;
  }

  static void inTx(Connection c, Body body) throws SQLException {
    c.setAutoCommit(false);
    try {
      body.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  static void drain(PreparedStatement ps, int min) throws SQLException {
    int rows = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getString(1);
        rs.getString(7);
        rows++;
      }
    }
    if (rows < min) {
      throw new IllegalStateException("expected at least " + min + " row(s), got " + rows);
    }
  }

  static void ensureDirs(Connection c, String dir) throws SQLException {
    List<String> dirs = new ArrayList<>();
    for (String d = dir; !d.equals("/"); d = parent(d)) {
      dirs.add(0, d);
    }
    StringBuilder sql = new StringBuilder("INSERT INTO entries (tenant_id, path, parent, kind) VALUES ");
    for (int i = 0; i < dirs.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, 'D')");
    }
    sql.append(" ON CONFLICT (tenant_id, path) DO NOTHING");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int k = 1;
      for (String d : dirs) {
        ps.setString(k++, "default");
        ps.setString(k++, d);
        ps.setString(k++, parent(d));
      }
      ps.executeUpdate();
    }
  }

  static void insertFile(Connection c, String path, boolean dirs) throws SQLException {
    String id = java.util.UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO files (id, tenant_id, created_at) VALUES (?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, "default");
      ps.setLong(3, now);
      ps.executeUpdate();
    }
    if (dirs) {
      ensureDirs(c, parent(path));
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path, size, etag,"
            + " mime_type, attrs, version, created_at, modified_at) VALUES (?, ?, ?, 'F', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, "default");
      ps.setString(2, path);
      ps.setString(3, parent(path));
      ps.setString(4, id);
      ps.setString(5, "s3-main");
      ps.setString(6, "bucket/ab/cd/abcdef0123456789");
      ps.setLong(7, 12345);
      ps.setString(8, "abcdef0123456789abcdef0123456789");
      ps.setString(9, "application/json");
      ps.setString(10, ATTRS);
      ps.setLong(11, 1);
      ps.setLong(12, now);
      ps.setLong(13, now);
      ps.executeUpdate();
    }
    insertVersion(c, id, 1);
  }

  static void insertVersion(Connection c, String id, long version) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag, mime_type,"
            + " attrs, modified_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'put')")) {
      ps.setString(1, id);
      ps.setLong(2, version);
      ps.setString(3, "default");
      ps.setString(4, "s3-main");
      ps.setString(5, "bucket/ab/cd/abcdef0123456789");
      ps.setLong(6, 12345);
      ps.setString(7, "abcdef0123456789abcdef0123456789");
      ps.setString(8, "application/json");
      ps.setString(9, ATTRS);
      ps.setLong(10, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  static void measure(String op, int threads, double secs, Op body) throws Exception {
    long[][] lat = new long[threads][];
    int[] counts = new int[threads];
    String[] failure = new String[1];
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread th = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int k = 0;
        try (Connection c = open()) {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          // Warm up: the connection, its statement cache and the JIT (a tenth of the run, at most 2 s).
          long warmEnd = System.nanoTime() + (long) Math.min(2e9, secs * 1e8);
          long wseq = (1L << 40) + ((long) me << 32);
          do {
            body.run(c, r, wseq++);
          } while (System.nanoTime() < warmEnd);
          ready.countDown();
          go.await();
          long end = window[1];
          long seq = (long) me << 32;
          while (true) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
              break;
            }
            body.run(c, r, seq++);
            if (k == mine.length) {
              mine = Arrays.copyOf(mine, k * 2);
            }
            mine[k++] = System.nanoTime() - t0;
          }
        } catch (Exception e) {
          synchronized (failure) {
            failure[0] = e.toString();
          }
          ready.countDown();
        }
        lat[me] = mine;
        counts[me] = k;
      });
      ts.add(th);
      th.start();
    }
    ready.await();
    window[0] = System.nanoTime();
    window[1] = window[0] + (long) (secs * 1e9);
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    double elapsed = Math.max(secs, (System.nanoTime() - window[0]) / 1e9);
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(lat[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    System.out.printf(Locale.ROOT,
        "BENCH_JSON {\"op\":\"%s\",\"threads\":%d,\"ops\":%d,\"secs\":%.3f,\"rate\":%.2f,\"p50_ms\":%.3f,"
            + "\"p99_ms\":%.3f,\"error\":%s}%n",
        op, threads, total, elapsed, total / elapsed, pct(all, 50), pct(all, 99),
        failure[0] == null ? "null" : "\"" + failure[0].replace("\\", "\\\\").replace("\"", "'") + "\"");
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
