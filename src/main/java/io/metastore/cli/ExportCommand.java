package io.metastore.cli;

import io.metastore.transfer.ExportHeader;
import io.metastore.transfer.ExportWriter;
import io.metastore.transfer.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export --out FILE}: every tenant's data as JSON Lines, read in one snapshot. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write all tenants' files, live records, version history and tombstones as JSON Lines,"
          + " read in one consistent snapshot while the service may keep running.",
      "A FILE ending in .gz is gzip-compressed. FILE appears only when complete"
          + " (written to FILE.tmp, then renamed)."
    })
public class ExportCommand implements Callable<Integer> {
  @Mixin Cli.DatabaseOption db;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Export file to write (.gz: compressed)")
  Path out;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    ExportHeader h = ExportWriter.export(db.resolve(), out, Progress.onConsole(spec.commandLine().getErr()));
    double seconds = (System.nanoTime() - started) / 1e9;
    spec.commandLine()
        .getOut()
        .printf(
            "exported %s from %s (schema revision %s) to %s (%d bytes) in %.1f s%n",
            h.counts(), db.resolve(), h.schemaVersion(), out, Files.size(out), seconds);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
