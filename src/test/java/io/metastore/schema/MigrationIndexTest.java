package io.metastore.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration index must name exactly the scripts in each folder; db revision keeps it so. */
class MigrationIndexTest {
  @Test
  void indexMatchesEveryFolder() throws Exception {
    for (String db : List.of("sqlite", "postgresql")) {
      Path dir = Path.of("src/main/resources/db/migration", db);
      TreeSet<String> files = new TreeSet<>();
      try (var list = Files.list(dir)) {
        list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(files::add);
      }
      TreeSet<String> indexed =
          new TreeSet<>(MigrationIndex.read("db/migration/" + db + "/" + MigrationIndex.INDEX, getClass().getClassLoader()));
      assertThat(indexed).as(db).isEqualTo(files);
    }
  }

  @Test
  void revisionWritesAnUpDownPairPerDatabaseAndRefusesADuplicate(@TempDir Path root) throws Exception {
    for (String db : List.of("sqlite", "postgresql")) {
      Path dir = Files.createDirectories(root.resolve(db));
      Files.writeString(dir.resolve("V1__base.sql"), "-- base\n");
      Files.writeString(dir.resolve("D1__base.sql"), "-- base down\n");
      Files.writeString(dir.resolve("migrations.index"), "V1__base.sql\nD1__base.sql\n");
    }
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    var cli = Cli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    cli.setErr(new java.io.PrintWriter(err));
    assertThat(cli.execute("db", "revision", "Add owner index", "--dir", root.toString())).isZero();
    for (String db : List.of("sqlite", "postgresql")) {
      assertThat(root.resolve(db).resolve("V2__add_owner_index.sql")).exists();
      assertThat(root.resolve(db).resolve("D2__add_owner_index.sql")).exists();
      assertThat(Files.readAllLines(root.resolve(db).resolve("migrations.index")))
          .contains("V2__add_owner_index.sql", "D2__add_owner_index.sql");
    }
    assertThat(cli.execute("db", "revision", "add owner index", "--dir", root.toString())).isNotZero();
    assertThat(err.toString()).contains("exists already");
    assertThat(root.resolve("sqlite").resolve("V3__add_owner_index.sql")).doesNotExist();
  }
}
