package io.metastore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the copy command lands. */
@Command(name = "copy", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public class CopyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("copy is not implemented yet");
  }
}
