package io.metastore.cli;

import io.metastore.config.DatabaseUrl;
import io.metastore.transfer.ConflictPolicy;
import io.metastore.transfer.Progress;
import io.metastore.transfer.StoreCopy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code copy --from URL --to URL}: export and import in one stream, then verify. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {
      "Stream one database into another (SQLite to PostgreSQL and back) without a file in"
          + " between, then verify: per-tenant counts of files, versions and tombstones and a"
          + " checksum of every row, on both sides. The source is only read.",
      "The target's schema is upgraded first; a non-empty target is refused unless"
          + " --on-conflict skip or overwrite is given. Exit status 0 only when verified."
    })
public class CopyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "URL", description = "Source database URL")
  String from;

  @Option(names = "--to", required = true, paramLabel = "URL", description = "Target database URL")
  String to;

  @Option(
      names = "--on-conflict",
      paramLabel = "fail|skip|overwrite",
      converter = ImportCommand.PolicyConverter.class,
      description = {
        "fail (default): refuse a non-empty target;",
        "skip: keep the target's files (resumes an interrupted copy);",
        "overwrite: the source's files replace the target's"
      })
  ConflictPolicy onConflict = ConflictPolicy.FAIL;

  @Option(names = "--verify-only", description = "Only compare the two databases; copy nothing")
  boolean verifyOnly;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    StoreCopy copy =
        new StoreCopy(
            DatabaseUrl.parse(from),
            DatabaseUrl.parse(to),
            onConflict,
            out,
            Progress.onConsole(spec.commandLine().getErr()));
    if (verifyOnly) {
      copy.verifyOnly();
    } else {
      copy.run();
    }
    out.flush();
    return 0;
  }
}
