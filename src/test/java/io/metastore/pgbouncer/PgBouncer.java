package io.metastore.pgbouncer;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.replica.PostgresUser;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A PgBouncer in transaction pooling mode in front of the test PostgreSQL, on a free port, with
 * its configuration in a private temporary directory; as the postgres OS user when the tests run
 * as root (PgBouncer refuses root). Every database name is passed through to the server.
 *
 * <p>When the {@code pgbouncer} binary is missing: under CI (env CI set) the test fails with the
 * line that installs it; on a developer machine without CI set it is skipped.
 */
public final class PgBouncer implements AutoCloseable {
  /** What .ci/run runs (as root, before the build) so that these tests can run. */
  public static final String INSTALL = "apt-get install -y -qq pgbouncer";

  private final Path dir;
  private final int port;
  private final DatabaseUrl server;
  private final Process process;

  private PgBouncer(Path dir, int port, DatabaseUrl server, Process process) {
    this.dir = dir;
    this.port = port;
    this.server = server;
    this.process = process;
  }

  /** Starts one in front of TestDatabases.postgresUrl(); waits until it takes connections. */
  public static PgBouncer start() {
    String binary = binary();
    DatabaseUrl server = DatabaseUrl.parse(TestDatabases.postgresUrl());
    URI target = URI.create(server.reactiveUrl());
    Path dir = PostgresUser.privateDirectory("metastore-pgbouncer-");
    int port = freePort();
    String password = server.password() == null ? "" : server.password();
    PostgresUser.write(
        dir.resolve("userlist.txt"),
        "\"" + server.user() + "\" \"" + password.replace("\"", "\"\"") + "\"\n");
    PostgresUser.write(
        dir.resolve("pgbouncer.ini"),
        String.join(
            "\n",
            "[databases]",
            "* = host=" + target.getHost() + " port=" + target.getPort(),
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + port,
            "unix_socket_dir =",
            "auth_type = trust",
            "auth_file = " + dir.resolve("userlist.txt"),
            "pool_mode = transaction",
            "default_pool_size = 10",
            "max_client_conn = 200",
            // Start-up parameters the clients send that PgBouncer 1.18 does not track (it refuses them).
            "ignore_startup_parameters = extra_float_digits,plan_cache_mode",
            "logfile = " + dir.resolve("pgbouncer.log"),
            "pidfile = " + dir.resolve("pgbouncer.pid"),
            ""));
    Process process;
    try {
      // In the foreground, so that this JVM owns the process and stops it for sure.
      List<String> command = new java.util.ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      command.addAll(List.of(binary, dir.resolve("pgbouncer.ini").toString()));
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
    } catch (java.io.IOException e) {
      PostgresUser.deleteTree(dir);
      throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
    }
    PgBouncer bouncer = new PgBouncer(dir, port, server, process);
    bouncer.awaitPort(Duration.ofSeconds(20));
    return bouncer;
  }

  /** {@code database} on the test server through PgBouncer, as a user writes it: {@code ?pgbouncer=true}. */
  public String url(String database) {
    String auth = server.user() + (server.password() == null ? "" : ":" + server.password());
    return "postgresql://" + auth + "@127.0.0.1:" + port + "/" + database + "?pgbouncer=true";
  }

  /** The test server's own database, through PgBouncer. */
  public String url() {
    String path = URI.create(server.reactiveUrl()).getPath();
    return url(path.substring(1));
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("pgbouncer.log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    PostgresUser.deleteTree(dir);
  }

  private void awaitPort(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String out = read(dir.resolve("stdout.log")) + read(dir.resolve("pgbouncer.log"));
        close();
        throw new IllegalStateException("pgbouncer exited at start: " + out);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (java.io.IOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    close();
    throw new IllegalStateException("pgbouncer did not listen on " + port + " within " + limit);
  }

  /** The pgbouncer executable; fails (CI) or skips (no CI) when it is not installed. */
  static String binary() {
    for (String candidate : List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        File f = new File(d, "pgbouncer");
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    String message =
        "pgbouncer is not installed, so the PgBouncer tests cannot run; install it (Debian: "
            + INSTALL + "; .ci/run does this as root before the build)";
    String ci = System.getenv("CI");
    if (ci == null || ci.isBlank()) {
      Assumptions.abort(message + ". Skipped because CI is not set; under CI this fails.");
    }
    throw new IllegalStateException(message);
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "PgBouncer on 127.0.0.1:" + port + " -> " + server + " (" + Map.of("pool_mode", "transaction") + ")";
  }
}
