package io.metastore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the import command lands. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public class ImportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("import is not implemented yet");
  }
}
