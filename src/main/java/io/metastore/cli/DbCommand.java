package io.metastore.cli;

import io.metastore.config.DatabaseKind;
import io.metastore.schema.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Schema lifecycle: status, upgrade, downgrade, revision. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Schema revisions: status, upgrade, downgrade, revision.",
    subcommands = {
      DbCommand.Status.class,
      DbCommand.Upgrade.class,
      DbCommand.Downgrade.class,
      DbCommand.Revision.class
    })
public class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Current and latest revision, pending migrations.")
  static class Status implements Callable<Integer> {
    @Mixin Cli.DatabaseOption db;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SchemaMigrator.Status s = new SchemaMigrator(db.resolve()).status();
      var out = spec.commandLine().getOut();
      out.println("database: " + db.resolve());
      out.println("current:  " + (s.current() == null ? "none (empty database)" : s.current()));
      out.println("latest:   " + s.latest());
      out.println("pending:  " + (s.pending().isEmpty() ? "none" : String.join(", ", s.pending())));
      if (!s.unknownApplied().isEmpty()) {
        out.println("unknown:  " + String.join(", ", s.unknownApplied()) + " (newer than this build)");
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Apply migrations up to --to (default: latest).")
  static class Upgrade implements Callable<Integer> {
    @Mixin Cli.DatabaseOption db;
    @Spec CommandSpec spec;

    @Option(names = "--to", description = "Target revision (default: latest)")
    String to;

    @Override
    public Integer call() {
      SchemaMigrator m = new SchemaMigrator(db.resolve());
      int ran = m.upgrade(to);
      spec.commandLine().getOut().println(
          "applied " + ran + " migration(s); now at revision " + m.status().current());
      return 0;
    }
  }

  @Command(name = "downgrade", mixinStandardHelpOptions = true, description = "Revert migrations down to --to; data kept where the older schema can hold it.")
  static class Downgrade implements Callable<Integer> {
    @Mixin Cli.DatabaseOption db;
    @Spec CommandSpec spec;

    @Option(names = "--to", required = true, description = "Target revision (0 reverts everything)")
    String to;

    @Override
    public Integer call() {
      SchemaMigrator m = new SchemaMigrator(db.resolve());
      List<String> reverted = m.downgrade(to);
      spec.commandLine().getOut().println(
          "reverted " + (reverted.isEmpty() ? "nothing" : String.join(", ", reverted))
              + "; now at revision " + (m.status().current() == null ? "0" : m.status().current()));
      return 0;
    }
  }

  @Command(name = "revision", mixinStandardHelpOptions = true, description = "Write the next numbered, empty up/down migration pair for every database.")
  static class Revision implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "What the revision does, e.g. \"add owner index\"")
    String message;

    @Option(names = "--dir", description = "Migration root (default: src/main/resources/db/migration)")
    Path dir = Path.of("src", "main", "resources", "db", "migration");

    @Override
    public Integer call() throws IOException {
      List<Path> written = writeRevision(dir, message);
      written.forEach(p -> spec.commandLine().getOut().println("wrote " + p));
      return 0;
    }
  }

  private static final Pattern VERSIONED = Pattern.compile("^[VD](\\d+)__(.+)\\.sql$");

  /** Writes V&lt;n&gt;__slug.sql and D&lt;n&gt;__slug.sql for every database; refuses a duplicate message. */
  static List<Path> writeRevision(Path root, String message) throws IOException {
    String slug = message.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    if (slug.isEmpty()) {
      throw new IllegalArgumentException("the revision message must contain letters or digits");
    }
    int next = 0;
    for (DatabaseKind kind : DatabaseKind.values()) {
      Path folder = root.resolve(kind.folder());
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException("no migration folder " + folder + " (use --dir)");
      }
      try (Stream<Path> files = Files.list(folder)) {
        for (Path p : files.toList()) {
          Matcher m = VERSIONED.matcher(p.getFileName().toString());
          if (m.matches()) {
            next = Math.max(next, Integer.parseInt(m.group(1)));
            if (m.group(2).equals(slug)) {
              throw new IllegalArgumentException("a revision named '" + slug + "' exists already: " + p);
            }
          }
        }
      }
    }
    next++;
    List<Path> written = new java.util.ArrayList<>();
    for (DatabaseKind kind : DatabaseKind.values()) {
      Path folder = root.resolve(kind.folder());
      Path up = folder.resolve("V" + next + "__" + slug + ".sql");
      Path down = folder.resolve("D" + next + "__" + slug + ".sql");
      Files.writeString(up, "-- " + message + " (" + kind.folder() + ", up)\n");
      Files.writeString(down, "-- " + message + " (" + kind.folder() + ", down: undo V" + next + ")\n");
      Path index = folder.resolve("migrations.index");
      Files.writeString(
          index,
          up.getFileName() + "\n" + down.getFileName() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      written.add(up);
      written.add(down);
    }
    return written;
  }
}
