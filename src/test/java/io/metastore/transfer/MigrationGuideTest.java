package io.metastore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/migrating-sqlite-to-postgresql.md: the commands of every ```sh block, section (##) by
 * section, in order, through the CLI, against a SQLite file holding the {@link Seed} and the local
 * PostgreSQL; then checks that every database the section used holds the same data. The guide's
 * database URLs and file names are swapped for fresh test ones; a command or URL the test does not
 * know fails it, so the guide cannot drift from what runs.
 */
class MigrationGuideTest {
  static final Path GUIDE = Path.of("docs", "migrating-sqlite-to-postgresql.md");
  static final String SQLITE = "sqlite:///data/metastore.db";
  static final String RESTORED = "sqlite:///data/metastore-restored.db";
  static final String POSTGRES = "postgresql://postgres@127.0.0.1:5432/metastore";
  static final String EXPORT_FILE = "metastore-export.jsonl.gz";

  private final List<Runnable> cleanups = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void drop() {
    cleanups.forEach(Runnable::run);
  }

  record Section(String title, List<String> commands) {}

  /** The commands of each section's ```sh blocks; continuation lines joined, comments dropped. */
  static List<Section> sections() throws IOException {
    List<Section> out = new ArrayList<>();
    String title = "(top)";
    List<String> commands = new ArrayList<>();
    boolean inSh = false;
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(GUIDE)) {
      if (!inSh && line.startsWith("## ")) {
        if (!commands.isEmpty()) {
          out.add(new Section(title, commands));
        }
        title = line.substring(3).trim();
        commands = new ArrayList<>();
      } else if (!inSh && line.trim().equals("```sh")) {
        inSh = true;
      } else if (inSh && line.trim().equals("```")) {
        inSh = false;
      } else if (inSh) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        if (t.endsWith("\\")) {
          pending.append(t, 0, t.length() - 1).append(' ');
          continue;
        }
        commands.add(pending.append(t).toString());
        pending.setLength(0);
      }
    }
    if (!commands.isEmpty()) {
      out.add(new Section(title, commands));
    }
    return out;
  }

  @Test
  void theFiveStepsAreExportCreateConfigureMigrateImport() throws IOException {
    Section five =
        sections().stream().filter(s -> s.title().startsWith("Export and import")).findFirst().orElseThrow();
    assertThat(five.commands())
        .extracting(c -> c.split(" ")[0] + " " + c.split(" ")[1])
        .containsSubsequence(
            "metastore export", "createdb -h", "export DATABASE_URL=" + POSTGRES, "metastore db", "metastore import");
    assertThat(sections()).extracting(Section::title).contains("One step: copy");
  }

  @TestFactory
  Stream<DynamicTest> everySectionRunsAsWritten() throws IOException {
    return sections().stream().map(s -> DynamicTest.dynamicTest(s.title(), () -> run(s)));
  }

  private void run(Section section) {
    String sqlite = TestDatabases.sqliteUrl();
    cleanups.add(() -> TestDb.SQLITE.drop(sqlite));
    Seed.into(TestDb.SQLITE.migratedStore(sqlite));
    Map<String, String> urls = new HashMap<>();
    urls.put(SQLITE, sqlite);
    String restored = TestDatabases.sqliteUrl();
    cleanups.add(() -> TestDb.SQLITE.drop(restored));
    urls.put(RESTORED, restored);
    urls.put(EXPORT_FILE, dir.resolve(EXPORT_FILE).toString());
    if (section.commands().stream().noneMatch(c -> c.startsWith("createdb "))) {
      // Sections that do not create the PostgreSQL database start from one holding the data.
      String pg = newPostgres();
      Seed.into(TestDb.POSTGRES.migratedStore(pg));
      urls.put(POSTGRES, pg);
    }

    Map<String, String> env = new HashMap<>();
    Set<String> used = new LinkedHashSet<>();
    for (String command : section.commands()) {
      List<String> words = words(command);
      switch (words.get(0)) {
        case "alias" -> assertThat(words.get(1)).startsWith("metastore=");
        case "createdb" -> {
          assertThat(words).last().isEqualTo("metastore");
          urls.put(POSTGRES, newPostgres());
        }
        case "export" -> {
          String[] kv = words.get(1).split("=", 2);
          env.put(kv[0], substitute(kv[1], urls, used));
        }
        case "metastore" -> {
          List<String> args = new ArrayList<>();
          for (String w : words.subList(1, words.size())) {
            args.add(substitute(w, urls, used));
          }
          // What DATABASE_URL does for the commands that read it.
          if (env.containsKey("DATABASE_URL")
              && List.of("export", "import", "db").contains(args.get(0))
              && !args.contains("--database-url")) {
            args.add("--database-url");
            args.add(env.get("DATABASE_URL"));
            used.add(env.get("DATABASE_URL"));
          }
          CliRun run = CliRun.of(args.toArray(String[]::new));
          assertThat(run.code()).as(command + "\n" + run).isZero();
        }
        default -> throw new AssertionError("the guide runs a command this test does not know: " + command);
      }
    }

    List<String> withData = used.stream().filter(u -> !u.endsWith(".gz")).toList();
    if (section.commands().stream().anyMatch(c -> c.contains(" import ") || c.contains(" copy "))) {
      assertThat(withData).as("databases the section moved data between").hasSizeGreaterThanOrEqualTo(2);
    }
    for (String url : withData) {
      TransferContract.assertSameData(withData.get(0), url);
    }
    if (used.contains(urls.get(POSTGRES))) {
      Seed.assertServed(TestDb.POSTGRES.store(urls.get(POSTGRES)));
    }
  }

  private String newPostgres() {
    String url = TestDatabases.freshPostgresDatabase();
    cleanups.add(() -> TestDb.POSTGRES.drop(url));
    return url;
  }

  private static String substitute(String word, Map<String, String> urls, Set<String> used) {
    if (urls.containsKey(word)) {
      used.add(urls.get(word));
      return urls.get(word);
    }
    assertThat(word)
        .as("a database URL or file the test does not know")
        .doesNotStartWith("sqlite:")
        .doesNotStartWith("postgres")
        .doesNotEndWith(".jsonl")
        .doesNotEndWith(".gz");
    return word;
  }

  /** Splits a shell command into words; '...' and "..." quote. */
  static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || w.length() > 0) {
          out.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
      }
    }
    if (any || w.length() > 0) {
      out.add(w.toString());
    }
    return out;
  }
}
