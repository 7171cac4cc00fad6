package io.metastore.replica;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hot-standby streaming replica of the test PostgreSQL server (TestDatabases.postgresUrl()):
 * {@code pg_basebackup -R -X stream} into a private temporary directory, then {@code pg_ctl start}
 * on a free port, as the postgres OS user when the tests run as root. One per JVM, shared by every
 * test class (and Quarkus test class loader) through system properties; stopped and removed when
 * the JVM exits.
 *
 * <p>It needs the primary to accept replication connections from the test host. When it does not,
 * it fails with the exact pg_hba.conf line to add (see {@link #REPLICATION_ACCESS}).
 */
public final class StreamingReplica {
  /** What .ci/run (or a developer) adds to pg_hba.conf on the test server, then reloads. */
  public static final String REPLICATION_ACCESS =
      "host replication all 127.0.0.1/32 <method of the 'host all all 127.0.0.1/32' line, e.g. trust or scram-sha-256>";

  private static final String DIR = "metastore.test.replica.dir";
  private static final String PORT = "metastore.test.replica.port";
  private static final String BIN = "metastore.test.replica.bin";

  private final Path root;
  private final int port;
  private final String bin;
  private final DatabaseUrl primary;

  private StreamingReplica(Path root, int port, String bin) {
    this.root = root;
    this.port = port;
    this.bin = bin;
    this.primary = DatabaseUrl.parse(TestDatabases.postgresUrl());
  }

  /** The JVM's replica, made on first use (about 5-10 s: a base backup of the whole server). */
  public static synchronized StreamingReplica shared() {
    String dir = System.getProperty(DIR);
    if (dir != null) {
      return new StreamingReplica(
          Path.of(dir), Integer.parseInt(System.getProperty(PORT)), System.getProperty(BIN));
    }
    StreamingReplica r = create();
    System.setProperty(DIR, r.root.toString());
    System.setProperty(PORT, Integer.toString(r.port));
    System.setProperty(BIN, r.bin);
    Runtime.getRuntime().addShutdownHook(new Thread(r::destroy, "metastore-replica-cleanup"));
    return r;
  }

  /** The replica's URL for the primary's database, with the primary's credentials. */
  public String url() {
    URI u = URI.create(primary.reactiveUrl());
    String auth = primary.user() + (primary.password() == null ? "" : ":" + primary.password());
    return "postgresql://" + auth + "@127.0.0.1:" + port + u.getRawPath()
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  public int port() {
    return port;
  }

  /** Kills the replica server (immediate shutdown: connections drop, no clean-up). */
  public void kill() {
    PostgresUser.Result r = ctl("stop", "-m", "immediate");
    if (!r.ok() && !r.output().contains("Is server running?")) {
      throw new IllegalStateException("cannot stop the replica: " + r.output());
    }
  }

  /** Starts the replica server (again) and waits until it accepts connections. */
  public void start() {
    PostgresUser.Result r =
        ctl("start", "-w", "-t", "60", "-l", root.resolve("replica.log").toString(), "-o",
            "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c hot_standby=on");
    if (!r.ok()) {
      throw new IllegalStateException("the replica did not start: " + r.output() + "\n" + logTail());
    }
    awaitConnections(Duration.ofSeconds(60));
  }

  public boolean isRunning() {
    return ctl("status").ok();
  }

  /** Stops applying WAL from the primary: the replica falls behind from now on. */
  public void pauseReplay() {
    execute("SELECT pg_wal_replay_pause()");
  }

  public void resumeReplay() {
    execute("SELECT pg_wal_replay_resume()");
  }

  /** The primary's current WAL position. */
  public String primaryPosition() {
    return query(primary, "SELECT pg_current_wal_insert_lsn()::text");
  }

  // ------------------------------------------------------------ set-up

  private static StreamingReplica create() {
    DatabaseUrl primary = DatabaseUrl.parse(TestDatabases.postgresUrl());
    Map<String, String> settings = primarySettings(primary);
    String bin = "/usr/lib/postgresql/" + settings.get("major") + "/bin";
    if (!new java.io.File(bin, "pg_basebackup").canExecute()) {
      throw new IllegalStateException(
          "pg_basebackup and pg_ctl of PostgreSQL " + settings.get("major") + " are needed in " + bin
              + " (Debian: apt-get install postgresql-" + settings.get("major") + ")");
    }
    Path root = PostgresUser.privateDirectory("metastore-replica-");
    StreamingReplica r = new StreamingReplica(root, freePort(), bin);
    try {
      r.baseBackup(settings);
      r.configure(settings);
      r.start();
      return r;
    } catch (RuntimeException e) {
      r.destroy();
      throw e;
    }
  }

  /** The primary's settings a hot standby must match, checked for replication on the way. */
  private static Map<String, String> primarySettings(DatabaseUrl primary) {
    Map<String, String> s = new HashMap<>();
    try (Connection c = TestDatabases.connect(primary); Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'max_worker_processes',"
                  + " 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction', 'wal_level',"
                  + " 'server_version_num')")) {
        while (rs.next()) {
          s.put(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs =
          st.executeQuery("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException(
              "the test user " + primary.user() + " may not replicate: ALTER ROLE " + primary.user() + " REPLICATION");
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot reach the test PostgreSQL " + primary + ": " + e.getMessage(), e);
    }
    if ("minimal".equals(s.get("wal_level")) || "0".equals(s.get("max_wal_senders"))) {
      throw new IllegalStateException(
          "the test PostgreSQL cannot stream WAL (wal_level=" + s.get("wal_level") + ", max_wal_senders="
              + s.get("max_wal_senders") + "): set wal_level=replica and max_wal_senders>=2, then restart it");
    }
    s.put("major", Integer.toString(Integer.parseInt(s.get("server_version_num")) / 10000));
    return s;
  }

  private void baseBackup(Map<String, String> settings) {
    URI u = URI.create(primary.reactiveUrl());
    Map<String, String> env = new HashMap<>();
    if (primary.password() != null) {
      env.put("PGPASSWORD", primary.password());
    }
    PostgresUser.Result r =
        PostgresUser.run(
            List.of(bin + "/pg_basebackup", "-h", u.getHost(), "-p", Integer.toString(u.getPort()),
                "-U", primary.user(), "-D", data().toString(), "-R", "-X", "stream",
                "--checkpoint=fast", "--no-sync"),
            env,
            300);
    if (!r.ok()) {
      if (r.output().contains("pg_hba.conf")) {
        throw new IllegalStateException(
            "the test PostgreSQL refuses replication connections, so no replica can be made for the"
                + " read-replica tests. Add to its pg_hba.conf (`SHOW hba_file`):\n  " + REPLICATION_ACCESS
                + "\nthen `SELECT pg_reload_conf()`. .ci/run does this before the build. pg_basebackup said: "
                + r.output());
      }
      throw new IllegalStateException("pg_basebackup failed: " + r.output());
    }
  }

  /**
   * A Debian server keeps its configuration outside the data directory, so the copy has none:
   * write a small one. Settings a hot standby must not set lower than its primary are copied.
   */
  private void configure(Map<String, String> settings) {
    StringBuilder conf = new StringBuilder();
    conf.append("listen_addresses = '127.0.0.1'\n");
    conf.append("port = ").append(port).append('\n');
    conf.append("unix_socket_directories = '").append(root).append("'\n");
    conf.append("hot_standby = on\nhot_standby_feedback = on\n");
    conf.append("wal_receiver_status_interval = 1s\n");
    conf.append("shared_buffers = 32MB\nfsync = off\n");
    for (String name :
        List.of("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
            "max_locks_per_transaction")) {
      conf.append(name).append(" = ").append(settings.get(name)).append('\n');
    }
    PostgresUser.write(data().resolve("postgresql.conf"), conf.toString());
    PostgresUser.write(
        data().resolve("pg_hba.conf"),
        "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    PostgresUser.write(data().resolve("pg_ident.conf"), "");
  }

  private void awaitConnections(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    DatabaseUrl replica = DatabaseUrl.parse(url());
    while (true) {
      try {
        if ("t".equals(query(replica, "SELECT pg_is_in_recovery()"))) {
          return;
        }
        throw new IllegalStateException("the replica is not in recovery: it is no replica");
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline || e.getMessage().contains("no replica")) {
          throw new IllegalStateException(e.getMessage() + "\n" + logTail(), e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void execute(String sql) {
    query(DatabaseUrl.parse(url()), sql);
  }

  private static String query(DatabaseUrl url, String sql) {
    try (Connection c = TestDatabases.connect(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + " on " + url + ": " + e.getMessage(), e);
    }
  }

  private PostgresUser.Result ctl(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(bin + "/pg_ctl", "-D", data().toString()));
    cmd.addAll(List.of(args));
    return PostgresUser.run(cmd, Map.of(), 90);
  }

  private Path data() {
    return root.resolve("data");
  }

  private String logTail() {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(root.resolve("replica.log"));
      return "replica log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (java.io.IOException e) {
      return "(no replica log)";
    }
  }

  private void destroy() {
    if (java.nio.file.Files.exists(data().resolve("postmaster.pid"))) {
      ctl("stop", "-m", "immediate");
    }
    PostgresUser.deleteTree(root);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
