package io.metastore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastore.config.DatabaseUrl;
import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.Json;
import io.metastore.domain.Precondition;
import io.metastore.store.MetadataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export, import and copy through the CLI, on every database: each database runs this suite with
 * a one-line subclass naming itself and the other database (for cross-database copies). Every
 * test works on fresh databases, dropped afterwards.
 */
abstract class TransferContract {
  /** The seed's row counts: 10 files, 7 of them live, 13 versions, 3 tombstones. */
  static final String SEED_COUNTS = "10 files (7 live), 13 versions, 3 tombstones";

  private final List<Runnable> cleanups = new ArrayList<>();

  @TempDir Path dir;

  /** The database this suite runs on. */
  protected abstract TestDb db();

  /** The other database, target of cross-database imports and copies. */
  protected abstract TestDb other();

  @AfterEach
  void dropDatabases() {
    cleanups.forEach(Runnable::run);
  }

  // ------------------------------------------------------------------ helpers

  String fresh(TestDb kind) {
    String url = kind.create();
    cleanups.add(() -> kind.drop(url));
    return url;
  }

  /** A fresh database of {@code kind} holding the {@link Seed}. */
  String seeded(TestDb kind) {
    String url = fresh(kind);
    Seed.into(kind.migratedStore(url));
    return url;
  }

  static StoreChecksum checksum(String url) {
    try (StoreReader r = StoreReader.open(DatabaseUrl.parse(url), "test")) {
      return StoreChecksum.of(r);
    }
  }

  static void assertSameData(String source, String target) {
    StoreChecksum a = checksum(source);
    StoreChecksum b = checksum(target);
    assertThat(a.differingTenants(b)).isEmpty();
    assertThat(b.total().checksum()).isEqualTo(a.total().checksum());
  }

  static void assertFailsWithOneLine(CliRun run, String... fragments) {
    assertThat(run.code()).as(run.toString()).isNotZero();
    String err = run.err().strip();
    assertThat(err).as(run.toString()).startsWith("error: ").doesNotContain("\n");
    assertThat(err).doesNotContain("Exception", "\tat ");
    for (String f : fragments) {
      assertThat(err).as(run.toString()).contains(f);
    }
  }

  static void assertSucceeds(CliRun run) {
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).as(run.toString()).isEmpty();
  }

  Path export(String url, String name) {
    Path out = dir.resolve(name);
    assertSucceeds(CliRun.of("export", "--database-url", url, "--out", out.toString()));
    return out;
  }

  CliRun importInto(String url, Path file, String... more) {
    List<String> args = new ArrayList<>(List.of("import", "--database-url", url, "--in", file.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  static List<String> lines(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ArrayList<>(List.of(text.split("\n")));
    }
  }

  Path write(String name, List<String> lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  /** The export cut after its first {@code files} files, with the header's counts fixed. */
  static List<String> firstFiles(List<String> lines, int files) {
    List<String> out = new ArrayList<>();
    long[] counts = new long[4];
    int seen = 0;
    for (String line : lines.subList(1, lines.size())) {
      String type = Json.parse(line).get("type").textValue();
      if (type.equals("file") && ++seen > files) {
        break;
      }
      counts[List.of("file", "entry", "version", "tombstone").indexOf(type)]++;
      out.add(line);
    }
    ObjectNode header = (ObjectNode) Json.parse(lines.get(0));
    ObjectNode c = (ObjectNode) header.get("counts");
    c.put("files", counts[0]).put("entries", counts[1]).put("file_versions", counts[2]).put("tombstones", counts[3]);
    out.add(0, Json.write(header));
    return out;
  }

  /** An export of {@code n} live files of tenant default, one version each, paths from pathOf. */
  static List<String> synthetic(int n, java.util.function.IntFunction<String> pathOf) {
    List<String> out = new ArrayList<>();
    out.add("{\"format\":\"metastore-export\",\"formatVersion\":1,\"schemaVersion\":\"2\","
        + "\"sourceDatabase\":\"sqlite\",\"exportedAt\":\"2026-01-01T00:00:00.000Z\",\"counts\":"
        + "{\"files\":" + n + ",\"entries\":" + n + ",\"file_versions\":" + n + ",\"tombstones\":0}}");
    for (int i = 0; i < n; i++) {
      String id = String.format("%08x-0000-4000-8000-%012x", i, i);
      String common = "\"fileId\":\"" + id + "\",\"tenant\":\"default\"";
      String content = ",\"backend\":\"s3\",\"physicalPath\":\"b/" + i + "\",\"size\":" + i
          + ",\"etag\":null,\"mimeType\":null,\"attrs\":{\"i\":" + i + "}";
      out.add("{\"type\":\"file\",\"id\":\"" + id + "\",\"tenant\":\"default\",\"createdAt\":1700000000000}");
      out.add("{\"type\":\"entry\"," + common + ",\"path\":\"" + pathOf.apply(i) + "\"" + content
          + ",\"version\":1,\"createdAt\":1700000000000,\"modifiedAt\":1700000000000}");
      out.add("{\"type\":\"version\"," + common + ",\"version\":1" + content
          + ",\"modifiedAt\":1700000000000,\"source\":\"put\"}");
    }
    return out;
  }

  static boolean hasSchema(TestDb kind, String url) {
    DatabaseUrl u = DatabaseUrl.parse(url);
    if (kind == TestDb.SQLITE && !Files.exists(u.sqliteFile())) {
      return false;
    }
    try (var c = io.metastore.TestDatabases.connect(u);
        var rs = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
      return rs.next();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ export

  @Nested
  class Export {
    @Test
    void headerCountsMatchTheLinesThatFollow() throws IOException {
      List<String> lines = lines(export(seeded(db()), "e.jsonl"));
      JsonNode header = Json.parse(lines.get(0));
      assertThat(header.get("format").textValue()).isEqualTo("metastore-export");
      assertThat(header.get("formatVersion").intValue()).isEqualTo(1);
      assertThat(header.get("schemaVersion").textValue()).isEqualTo("2");
      assertThat(header.get("sourceDatabase").textValue()).isEqualTo(db().databaseName);
      assertThat(header.get("exportedAt").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(header.get("counts"))
          .isEqualTo(Json.parse("{\"files\":10,\"entries\":7,\"file_versions\":13,\"tombstones\":3}"));

      long files = 0;
      long entries = 0;
      long versions = 0;
      long tombstones = 0;
      String currentFile = null;
      for (String line : lines.subList(1, lines.size())) {
        JsonNode row = Json.parse(line);
        switch (row.get("type").textValue()) {
          case "file" -> {
            files++;
            currentFile = row.get("id").textValue();
          }
          case "entry" -> entries++;
          case "version" -> versions++;
          case "tombstone" -> tombstones++;
          default -> throw new AssertionError(line);
        }
        if (!row.has("id")) {
          assertThat(row.get("fileId").textValue()).as("grouped after its file").isEqualTo(currentFile);
        }
      }
      assertThat(new long[] {files, entries, versions, tombstones}).containsExactly(10, 7, 13, 3);
    }

    @Test
    void valuesAreWrittenExactly() throws IOException {
      String url = seeded(db());
      FileRecord readme = Seed.await(db().store(url).get(Seed.DEFAULT, "/docs/readme.md"));
      List<String> lines = lines(export(url, "e.jsonl"));
      JsonNode big = null;
      JsonNode readmeEntry = null;
      for (String line : lines.subList(1, lines.size())) {
        JsonNode row = Json.parse(line);
        if ("entry".equals(row.get("type").textValue())) {
          if (row.get("path").textValue().equals("/big/file.bin")) {
            big = row;
          } else if (row.get("path").textValue().equals("/docs/readme.md")
              && row.get("tenant").textValue().equals(Seed.DEFAULT)) {
            readmeEntry = row;
          }
        }
      }
      assertThat(big.get("size").isIntegralNumber()).isTrue();
      assertThat(big.get("size").longValue()).isEqualTo(Long.MAX_VALUE);
      assertThat(big.get("etag").isNull()).isTrue();
      assertThat(big.get("mimeType").isNull()).isTrue();
      assertThat(readmeEntry.get("attrs").isObject()).isTrue();
      assertThat(CanonicalJson.of(readmeEntry.get("attrs")))
          .isEqualTo(CanonicalJson.of(Json.parse(Seed.RICH_ATTRS)));
      assertThat(readmeEntry.get("attrs").get("big").bigIntegerValue())
          .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
      assertThat(readmeEntry.get("createdAt").longValue()).isEqualTo(readme.createdAt());
      assertThat(readmeEntry.get("modifiedAt").longValue()).isEqualTo(readme.modifiedAt());
      assertThat(readmeEntry.get("fileId").textValue()).matches("[0-9a-f-]{36}");
    }

    @Test
    void gzipWhenTheNameEndsInGz() throws IOException {
      String source = seeded(db());
      Path gz = export(source, "e.jsonl.gz");
      try (InputStream in = Files.newInputStream(gz)) {
        assertThat(in.readNBytes(2)).containsExactly(0x1f, 0x8b);
      }
      assertThat(lines(gz)).hasSize(1 + 10 + 7 + 13 + 3);
      String target = fresh(db());
      assertSucceeds(importInto(target, gz));
      assertSameData(source, target);
    }

    @Test
    void replacesAnOlderExportAndLeavesNoTemporaryFile() throws IOException {
      Path out = dir.resolve("e.jsonl");
      Files.writeString(out, "old");
      export(seeded(db()), "e.jsonl");
      assertThat(Files.readString(out)).startsWith("{\"format\":\"metastore-export\"");
      assertThat(dir.resolve("e.jsonl.tmp")).doesNotExist();
    }

    @Test
    void failureLeavesNoFile() {
      Path out = dir.resolve("e.jsonl");
      assertFailsWithOneLine(
          CliRun.of("export", "--database-url", "postgresql://postgres@127.0.0.1:1/none", "--out", out.toString()),
          "cannot connect to the source database");
      assertFailsWithOneLine(
          CliRun.of("export", "--database-url", fresh(db()), "--out", out.toString()),
          db() == TestDb.SQLITE ? "no SQLite database at" : "has no metastore schema");
      assertFailsWithOneLine(
          CliRun.of("export", "--database-url", seeded(db()), "--out", dir.resolve("no/such/dir/e.jsonl").toString()),
          "is not a directory");
      assertThat(out).doesNotExist();
      assertThat(dir.resolve("e.jsonl.tmp")).doesNotExist();
    }

    @Test
    void badUrlIsOneLine() {
      assertFailsWithOneLine(
          CliRun.of("export", "--database-url", "mysql://x/y", "--out", dir.resolve("e").toString()),
          "unsupported scheme");
    }

    @Test
    void help() {
      CliRun run = CliRun.of("export", "--help");
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("--out", "--database-url", ".gz");
    }
  }

  // ------------------------------------------------------------------ import

  @Nested
  class Import {
    @Test
    void roundTripIntoTheSameDatabase() {
      String source = seeded(db());
      Path file = export(source, "e.jsonl");
      String target = fresh(db());
      CliRun run = importInto(target, file);
      assertSucceeds(run);
      assertThat(run.out()).contains("imported " + SEED_COUNTS).containsPattern("files\\s+10\\s+0\\s+0");
      assertSameData(source, target);
      Seed.assertServed(db().store(target));
    }

    @Test
    void roundTripIntoTheOtherDatabase() {
      String source = seeded(db());
      Path file = export(source, "e.jsonl");
      String target = fresh(other());
      assertSucceeds(importInto(target, file));
      assertSameData(source, target);
      Seed.assertServed(other().store(target));
    }

    @Test
    void dryRunChangesNothing() {
      Path file = export(seeded(db()), "e.jsonl");
      String target = fresh(db());
      CliRun run = importInto(target, file, "--dry-run");
      assertSucceeds(run);
      assertThat(run.out()).contains("dry run: would import " + SEED_COUNTS, "dry run: nothing was changed");
      assertThat(hasSchema(db(), target)).as("not even the schema is created").isFalse();

      assertSucceeds(importInto(target, file));
      StoreChecksum before = checksum(target);
      run = importInto(target, file, "--dry-run", "--on-conflict", "overwrite");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+0\\s+0\\s+10");
      assertThat(checksum(target).differingTenants(before)).isEmpty();

      run = importInto(target, file, "--dry-run");
      assertFailsWithOneLine(run, "already exists in the target");
    }

    @Test
    void corruptLineIsNamedAndNothingIsImported() throws IOException {
      List<String> lines = lines(export(seeded(db()), "e.jsonl"));
      List<String> broken = new ArrayList<>(lines);
      broken.set(3, lines.get(3).substring(0, 20));
      String target = fresh(db());
      assertFailsWithOneLine(importInto(target, write("broken.jsonl", broken)), "line 4: is not valid JSON");

      broken = new ArrayList<>(lines);
      int sized = 1;
      while (!broken.get(sized).contains("\"size\":")) {
        sized++;
      }
      broken.set(sized, broken.get(sized).replaceFirst("\"size\":\\d+", "\"size\":-1"));
      assertFailsWithOneLine(
          importInto(target, write("negative.jsonl", broken)), "line " + (sized + 1) + ": size must not be negative");

      // A line far from the start fails the whole import up front, before anything is written.
      broken = new ArrayList<>(lines);
      broken.set(lines.size() - 1, "{\"type\":\"tombstone\"}");
      assertFailsWithOneLine(importInto(target, write("late.jsonl", broken)), "line " + lines.size() + ":");
      broken = new ArrayList<>(lines);
      broken.set(2, "{\"type\":\"" + "x".repeat(ImportReader.MAX_LINE_CHARS) + "\"}");
      assertFailsWithOneLine(importInto(target, write("long.jsonl", broken)), "line 3: is longer than");
      assertThat(hasSchema(db(), target)).isFalse();
    }

    @Test
    void truncatedExportIsRefused() throws IOException {
      Path gz = export(seeded(db()), "e.jsonl.gz");
      List<String> lines = lines(gz);
      String target = fresh(db());
      assertFailsWithOneLine(
          importInto(target, write("short.jsonl", lines.subList(0, lines.size() - 1))),
          "header announces", "truncated");
      byte[] bytes = Files.readAllBytes(gz);
      Path cut = dir.resolve("cut.jsonl.gz");
      try (OutputStream o = Files.newOutputStream(cut)) {
        o.write(bytes, 0, bytes.length / 2);
      }
      assertFailsWithOneLine(importInto(target, cut), "truncated or corrupt");
      assertThat(hasSchema(db(), target)).isFalse();
    }

    @Test
    void unknownFormatOrVersionIsRefused() throws IOException {
      List<String> lines = lines(export(seeded(db()), "e.jsonl"));
      String target = fresh(db());
      List<String> v2 = new ArrayList<>(lines);
      v2.set(0, lines.get(0).replace("\"formatVersion\":1", "\"formatVersion\":2"));
      assertFailsWithOneLine(
          importInto(target, write("v2.jsonl", v2)), "unsupported export format version 2; this build reads version 1");
      assertFailsWithOneLine(
          importInto(target, write("other.jsonl", List.of("{\"hello\":\"world\"}"))),
          "line 1: is not a metastore export header");
      assertFailsWithOneLine(importInto(target, write("empty.jsonl", List.of())), "line 1:");
      assertFailsWithOneLine(importInto(target, dir.resolve("missing.jsonl")), "no such file");
    }

    @Test
    void exportFromANewerSchemaIsRefused() throws IOException {
      List<String> lines = lines(export(seeded(db()), "e.jsonl"));
      lines.set(0, lines.get(0).replace("\"schemaVersion\":\"2\"", "\"schemaVersion\":\"99\""));
      String target = fresh(db());
      db().migratedStore(target);
      assertFailsWithOneLine(importInto(target, write("new.jsonl", lines)), "schema revision 99", "newer");
    }

    @Test
    void failureHalfwayKeepsWholeBatchesAndResumesWithSkip() throws IOException {
      // 400 files of 3 lines; the last one's path repeats the first's, which only the target
      // can tell once the first batch is in. Lines 2..1003 (334 files) form the first batch.
      Path file = write("dup.jsonl", synthetic(400, i -> i == 399 ? "/f/0" : "/f/" + i));
      String target = fresh(db());
      CliRun run = importInto(target, file);
      assertFailsWithOneLine(
          run, "import failed: line 1199: ", "/f/0 is taken in the target", "lines up to 1003 are committed",
          "--on-conflict skip");
      MetadataStore store = db().store(target);
      assertThat(Seed.await(store.stats(Seed.DEFAULT)).files()).isEqualTo(334);

      run = importInto(target, file, "--on-conflict", "skip");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+65\\s+335\\s+0");
      assertThat(Seed.await(store.stats(Seed.DEFAULT)).files()).isEqualTo(399);
    }

    @Test
    void unreachableDatabaseIsOneLine() {
      Path file = export(seeded(db()), "e.jsonl");
      assertFailsWithOneLine(
          importInto("postgresql://postgres@127.0.0.1:1/none", file), "cannot connect to the target database");
    }

    @Test
    void help() {
      CliRun run = CliRun.of("import", "--help");
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("--in", "--on-conflict", "--dry-run", "--database-url");
    }
  }

  // ------------------------------------------------------------------ conflicts

  @Nested
  class Conflicts {
    @Test
    void failStopsBeforeAnyChange() {
      Path file = export(seeded(db()), "e.jsonl");
      String target = fresh(db());
      MetadataStore store = db().migratedStore(target);
      Seed.put(store, Seed.ACME, "/keep.txt", Seed.content("t/keep"));
      Seed.put(store, Seed.DEFAULT, "/docs/readme.md", Seed.content("t/other"));
      StoreChecksum before = checksum(target);

      assertFailsWithOneLine(importInto(target, file), "/docs/readme.md is taken in the target by file", "--on-conflict");
      assertThat(checksum(target).differingTenants(before)).isEmpty();
    }

    @Test
    void importingTwiceFailsWithoutChanges() {
      Path file = export(seeded(db()), "e.jsonl");
      String target = fresh(db());
      assertSucceeds(importInto(target, file));
      StoreChecksum before = checksum(target);
      assertFailsWithOneLine(importInto(target, file), "line 2: file ", "already exists in the target");
      assertThat(checksum(target).differingTenants(before)).isEmpty();
    }

    @Test
    void skipKeepsTheTargetsFiles() {
      String source = seeded(db());
      Path file = export(source, "e.jsonl");
      String target = fresh(db());
      MetadataStore store = db().migratedStore(target);
      Seed.put(store, Seed.DEFAULT, "/docs/readme.md", Seed.content("t/mine"));

      CliRun run = importInto(target, file, "--on-conflict", "skip");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+9\\s+1\\s+0").containsPattern("versions\\s+10\\s+3\\s+0");
      assertThat(Seed.await(store.get(Seed.DEFAULT, "/docs/readme.md")).content().physicalPath()).isEqualTo("t/mine");
      assertThat(Seed.await(store.get(Seed.DEFAULT, "/big/file.bin")).content().size()).isEqualTo(Long.MAX_VALUE);

      // Importing again skips everything and changes nothing.
      StoreChecksum before = checksum(target);
      run = importInto(target, file, "--on-conflict", "skip");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+0\\s+10\\s+0");
      assertThat(checksum(target).differingTenants(before)).isEmpty();
    }

    @Test
    void overwriteMakesTheTargetEqualTheExport() {
      String source = seeded(db());
      Path file = export(source, "e.jsonl");
      String target = fresh(db());
      assertSucceeds(importInto(target, file));
      MetadataStore store = db().store(target);
      Seed.put(store, Seed.DEFAULT, "/docs/readme.md", Seed.content("t/changed"));
      Seed.await(store.delete(Seed.DEFAULT, "/big/file.bin", Precondition.NONE, false));
      Seed.await(store.rename(Seed.DEFAULT, "/new/moved.txt", "/elsewhere/moved.txt"));

      CliRun run = importInto(target, file, "--on-conflict", "overwrite");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+0\\s+0\\s+10");
      assertSameData(source, target);
      assertThat(Seed.await(store.list(Seed.DEFAULT, io.metastore.store.ListRequest.of("/", false, 100, null))).items())
          .extracting(io.metastore.domain.ListItem::path)
          .as("the emptied /elsewhere is gone")
          .doesNotContain("/elsewhere");
      Seed.assertServed(store);
    }

    @Test
    void overwriteDeletesOtherFilesInTheWay() {
      Path file = export(seeded(db()), "e.jsonl");
      String target = fresh(db());
      MetadataStore store = db().migratedStore(target);
      Seed.put(store, Seed.DEFAULT, "/docs/readme.md", Seed.content("t/other"));
      Seed.put(store, Seed.DEFAULT, "/tmp", Seed.content("t/a-file-where-a-directory-goes"));

      CliRun run = importInto(target, file, "--on-conflict", "overwrite");
      assertSucceeds(run);
      assertThat(run.out()).contains("2 target file(s) in the way were deleted");
      FileRecord readme = Seed.await(store.get(Seed.DEFAULT, "/docs/readme.md"));
      assertThat(readme.content().physicalPath()).isEqualTo("b/readme-1");
      assertThat(Seed.await(store.get(Seed.DEFAULT, "/tmp"))).isNull();
      assertThat(Seed.await(store.get(Seed.DEFAULT, "/tmp/again.txt"))).isNotNull();
      // The displaced file's history is still there, as after a delete.
      List<FileVersion> tmpHistory = Seed.await(store.versions(Seed.DEFAULT, "/tmp", 10, null)).items();
      assertThat(tmpHistory).extracting(v -> v.content().physicalPath()).containsExactly("t/a-file-where-a-directory-goes");
    }

    @Test
    void overwriteRefusesADirectoryInTheWay() {
      Path file = export(seeded(db()), "e.jsonl");
      String target = fresh(db());
      MetadataStore store = db().migratedStore(target);
      Seed.put(store, Seed.DEFAULT, "/big/file.bin/inside", Seed.content("t/inside"));
      StoreChecksum before = checksum(target);
      assertFailsWithOneLine(
          importInto(target, file, "--on-conflict", "overwrite"), "/big/file.bin is a directory in the target");
      assertThat(checksum(target).differingTenants(before)).isEmpty();
    }

    @Test
    void badPolicyIsRefused() {
      CliRun run = importInto(fresh(db()), dir.resolve("x"), "--on-conflict", "merge");
      assertThat(run.code()).isNotZero();
      assertThat(run.err()).contains("must be fail, skip or overwrite");
    }
  }

  // ------------------------------------------------------------------ copy

  @Nested
  class Copy {
    @Test
    void copiesToTheOtherDatabaseAndBack() {
      String source = seeded(db());
      StoreChecksum original = checksum(source);
      String there = fresh(other());
      CliRun run = CliRun.of("copy", "--from", source, "--to", there);
      assertSucceeds(run);
      assertThat(run.out())
          .contains("copying ", SEED_COUNTS, "verified: the target matches the source")
          .containsPattern("source: 3 tenants, 10 files \\(7 live\\), 13 versions, 3 tombstones, checksum [0-9a-f]{64}")
          .containsPattern("target: 3 tenants, 10 files \\(7 live\\), 13 versions, 3 tombstones, checksum [0-9a-f]{64}");
      String back = fresh(db());
      assertSucceeds(CliRun.of("copy", "--from", there, "--to", back));
      assertSameData(source, back);
      assertThat(checksum(source).differingTenants(original)).as("the source is only read").isEmpty();
      Seed.assertServed(other().store(there));
      Seed.assertServed(db().store(back));
    }

    @Test
    void refusesANonEmptyTargetUnlessToldWhatToDo() {
      String source = seeded(db());
      String target = fresh(other());
      assertSucceeds(CliRun.of("copy", "--from", source, "--to", target));
      assertFailsWithOneLine(CliRun.of("copy", "--from", source, "--to", target), "is not empty", "--on-conflict skip");
      CliRun run = CliRun.of("copy", "--from", source, "--to", target, "--on-conflict", "skip");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+0\\s+10\\s+0").contains("verified");
    }

    @Test
    void resumesAnInterruptedCopyWithSkip() throws IOException {
      String source = seeded(db());
      Path partial = write("partial.jsonl", firstFiles(lines(export(source, "e.jsonl")), 4));
      String target = fresh(other());
      assertSucceeds(importInto(target, partial));
      CliRun run = CliRun.of("copy", "--from", source, "--to", target, "--on-conflict", "skip");
      assertSucceeds(run);
      assertThat(run.out()).containsPattern("files\\s+6\\s+4\\s+0").contains("verified");
      assertSameData(source, target);
    }

    @Test
    void verificationFailsWhenTheTargetDiffers() {
      String source = seeded(db());
      String target = fresh(other());
      assertSucceeds(CliRun.of("copy", "--from", source, "--to", target));
      assertSucceeds(CliRun.of("copy", "--verify-only", "--from", source, "--to", target));
      Seed.put(other().store(target), Seed.ACME, "/extra.txt", Seed.content("t/extra"));
      CliRun run = CliRun.of("copy", "--verify-only", "--from", source, "--to", target);
      assertFailsWithOneLine(run, "verification failed: 1 tenant(s) differ", "acme");
      assertThat(run.out()).contains("tenant acme: source 2 files, 1 live", "target 3 files, 2 live");
    }

    @Test
    void refusesTheSameDatabase() {
      String source = seeded(db());
      assertFailsWithOneLine(CliRun.of("copy", "--from", source, "--to", source), "the same database");
    }

    @Test
    void unreachableTargetIsOneLineAndTheSourceIsUntouched() {
      String source = seeded(db());
      StoreChecksum original = checksum(source);
      assertFailsWithOneLine(
          CliRun.of("copy", "--from", source, "--to", "postgresql://postgres@127.0.0.1:1/none"),
          "cannot connect to the target database");
      assertThat(checksum(source).differingTenants(original)).isEmpty();
    }

    @Test
    void help() {
      CliRun run = CliRun.of("copy", "--help");
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("--from", "--to", "--on-conflict", "--verify-only");
    }
  }
}
