package io.metastore.cli;

import io.metastore.transfer.ConflictPolicy;
import io.metastore.transfer.ExportHeader;
import io.metastore.transfer.ImportSummary;
import io.metastore.transfer.Progress;
import io.metastore.transfer.StoreImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code import --in FILE}: loads an export, after checking all of it. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load an export into the database: every line is checked and every conflict looked up"
          + " first, then the schema is upgraded and the rows applied in transactions of about"
          + " 1000 lines. Directory entries are rebuilt from the files' paths.",
      "A conflict is a file whose id exists in the target, or whose live path (or a parent of"
          + " it) is taken there by another file."
    })
public class ImportCommand implements Callable<Integer> {
  @Mixin Cli.DatabaseOption db;
  @Spec CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Export file to read (gzip recognised)")
  Path in;

  @Option(
      names = "--on-conflict",
      paramLabel = "fail|skip|overwrite",
      converter = PolicyConverter.class,
      description = {
        "fail (default): stop before changing anything;",
        "skip: keep the target's file, import the rest;",
        "overwrite: the imported file replaces it (a file in its way is deleted, history kept)"
      })
  ConflictPolicy onConflict = ConflictPolicy.FAIL;

  @Option(names = "--dry-run", description = "Read and check everything, report what would happen, change nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StoreImport run =
        new StoreImport(in, db.resolve(), onConflict, Progress.onConsole(spec.commandLine().getErr()));
    long started = System.nanoTime();
    ImportSummary summary = dryRun ? run.check() : run.run();
    ExportHeader h = run.header();
    out.printf(
        "%s %s from %s (%s export, schema revision %s, made %s) into %s%n",
        dryRun ? "dry run: would import" : "imported",
        h.counts(),
        in,
        h.sourceDatabase(),
        h.schemaVersion(),
        h.exportedAt(),
        db.resolve());
    summary.table().forEach(out::println);
    if (dryRun) {
      out.println("dry run: nothing was changed");
    } else {
      out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
    out.flush();
    return 0;
  }

  /** fail, skip or overwrite, in any case. */
  static final class PolicyConverter implements ITypeConverter<ConflictPolicy> {
    @Override
    public ConflictPolicy convert(String value) {
      return ConflictPolicy.parse(value);
    }
  }
}
