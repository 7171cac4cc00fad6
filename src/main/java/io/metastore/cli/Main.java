package io.metastore.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/**
 * The one entry point: no command or {@code serve} runs the HTTP service; every other command is
 * a picocli command that runs before (and without) the service, so it opens no port.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

  public static void main(String... args) {
    if (args.length == 0 || (args[0].equals("serve") && !wantsHelp(args))) {
      String url = ServeOptions.databaseUrl(args);
      if (url != null) {
        System.setProperty("metastore.database-url", url);
      }
      Quarkus.run(Main.class, args);
      return;
    }
    int code = Cli.commandLine().execute(args);
    System.exit(code);
  }

  private static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  /** Reached when Quarkus starts the service (also in dev mode). */
  @Override
  public int run(String... args) {
    Quarkus.waitForExit();
    return 0;
  }

  /** The few options {@code serve} takes; parsed by hand because Quarkus owns the rest. */
  static final class ServeOptions {
    static String databaseUrl(String[] args) {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--database-url") && i + 1 < args.length) {
          return args[i + 1];
        }
        if (args[i].startsWith("--database-url=")) {
          return args[i].substring("--database-url=".length());
        }
      }
      return null;
    }
  }
}
