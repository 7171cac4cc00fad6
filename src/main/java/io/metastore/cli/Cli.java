package io.metastore.cli;

import io.metastore.config.DatabaseUrl;
import io.metastore.domain.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command tree. Exit status 0 on success; otherwise one line on stderr and non-zero. */
@Command(
    name = "metastore",
    mixinStandardHelpOptions = true,
    version = "metastore 0.1.0",
    description = "File-metadata store: runs the service (serve, the default) and manages its database.",
    subcommands = {
      Cli.Serve.class,
      DbCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      CopyCommand.class
    })
public class Cli implements Runnable {

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Cli());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("error: " + oneLine(ex));
          return ex instanceof InvalidInputException ? 2 : 1;
        });
    return cl;
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return msg.replaceAll("\\s+", " ").trim();
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** {@code --database-url}, else DATABASE_URL, else the embedded default. */
  public static class DatabaseOption {
    @Option(
        names = "--database-url",
        description = "Database URL (default: $DATABASE_URL, else sqlite:///data/metastore.db)")
    String url;

    public DatabaseUrl resolve() {
      String raw = url != null ? url : System.getenv("DATABASE_URL");
      return DatabaseUrl.parse(raw);
    }
  }

  @Command(name = "serve", description = "Run the HTTP service (the default when no command is given).")
  static class Serve implements Runnable {
    @Option(names = "--database-url", description = "Database URL (default: $DATABASE_URL)")
    String url;

    @Override
    public void run() {
      // Reached only for "serve --help"; Main starts the service itself.
    }
  }

  static PrintWriter out(CommandLine.Model.CommandSpec spec) {
    return spec.commandLine().getOut();
  }
}
