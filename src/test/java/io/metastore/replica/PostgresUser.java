package io.metastore.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs server programs (pg_basebackup, pg_ctl, pgbouncer) the way they accept: as the
 * {@code postgres} OS user when the tests run as root (PostgreSQL and PgBouncer refuse root),
 * as the current user otherwise.
 */
public final class PostgresUser {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private PostgresUser() {}

  /** What a finished command printed, and its exit status. */
  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  /** A new private directory (mode 0700) the server user owns. */
  public static Path privateDirectory(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      own(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hands {@code path} to the server user (a no-op unless running as root). */
  public static void own(Path path) {
    if (!ROOT) {
      return;
    }
    try {
      UserPrincipal postgres =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(path, postgres);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the tests run as root, so the server must run as the OS user 'postgres', which is missing: " + e, e);
    }
  }

  /** Writes a file the server user owns. */
  public static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      own(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code command} as the server user and waits at most {@code timeoutSeconds}. */
  public static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) {
    List<String> full = new ArrayList<>();
    if (ROOT) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path log = null;
    try {
      // Output goes to a file, not a pipe: a server started in the background may keep a pipe open.
      log = Files.createTempFile("metastore-cmd", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    } finally {
      if (log != null) {
        log.toFile().delete();
      }
    }
  }

  /** Deletes a directory tree, best effort. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }
}
