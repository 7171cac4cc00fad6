package io.metastore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the export command lands. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public class ExportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("export is not implemented yet");
  }
}
