package io.metastore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export and import stream: each runs as the real CLI in its own JVM with a heap far smaller than
 * the data it moves (the export file alone is several times the heap), from SQLite into
 * PostgreSQL. The 1M-record figure of the docs was measured by hand the same way.
 */
class ConstantMemoryTest {
  static final int FILES = 50_000;
  static final String HEAP = "-Xmx24m";
  private final List<Runnable> cleanups = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void drop() {
    cleanups.forEach(Runnable::run);
  }

  @Test
  void exportAndImportRunInASmallHeap() throws Exception {
    String source = TestDb.SQLITE.create();
    cleanups.add(() -> TestDb.SQLITE.drop(source));
    BulkSeed.into(source, FILES);
    String target = TestDb.POSTGRES.create();
    cleanups.add(() -> TestDb.POSTGRES.drop(target));

    Path file = dir.resolve("bulk.jsonl");
    cli("export", "--database-url", source, "--out", file.toString());
    assertThat(Files.size(file)).as("the export is much larger than the heap").isGreaterThan(2L * 24 * 1024 * 1024);
    cli("import", "--database-url", target, "--in", file.toString());
    StoreChecksum a = TransferContract.checksum(source);
    StoreChecksum b = TransferContract.checksum(target);
    assertThat(b.total().files()).isEqualTo(FILES);
    assertThat(b.total().checksum()).isEqualTo(a.total().checksum());
  }

  private void cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(HEAP);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.metastore.cli.Main");
    cmd.addAll(List.of(args));
    Path log = dir.resolve("cli.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
  }
}
