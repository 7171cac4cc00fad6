package io.metastore.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastore.config.DatabaseUrl;
import io.metastore.domain.FileContent;
import io.metastore.domain.Json;
import io.metastore.domain.Precondition;
import io.metastore.store.MetadataStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schema lifecycle on one database: for every revision, upgrade -> downgrade -> upgrade ends with
 * the same schema as a fresh upgrade, and the data is still there wherever the older schema holds it.
 */
public abstract class MigrationLifecycleContract {
  protected abstract DatabaseUrl freshDatabase();

  protected abstract MetadataStore storeOn(DatabaseUrl url);

  protected void cleanUp() {}

  @AfterEach
  void tearDown() {
    cleanUp();
  }

  @Test
  void everyRevisionRoundTripsToTheSameSchemaWithDataKept() throws Exception {
    DatabaseUrl reference = freshDatabase();
    SchemaMigrator ref = new SchemaMigrator(reference);
    ref.upgrade(null);
    String expected = SchemaDump.physical(reference);
    int latest = Integer.parseInt(ref.status().latest());
    assertThat(latest).isGreaterThanOrEqualTo(2);

    DatabaseUrl url = freshDatabase();
    SchemaMigrator m = new SchemaMigrator(url);
    m.upgrade(null);
    MetadataStore store = storeOn(url);
    FileContent c = FileContent.fromJson(Json.parse("{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":3,\"attrs\":{\"k\":[1,2]}}"), null, "");
    store.put("default", "/keep/me", c, Precondition.NONE).await().atMost(Duration.ofSeconds(30));
    store.put("default", "/keep/me", c, Precondition.NONE).await().atMost(Duration.ofSeconds(30));

    for (int target = latest - 1; target >= 1; target--) {
      List<String> reverted = m.downgrade(Integer.toString(target));
      assertThat(reverted).as("reverted down to " + target).isNotEmpty();
      assertThat(m.status().current()).isEqualTo(Integer.toString(target));
      assertThat(m.status().pending()).hasSize(latest - target);
      m.upgrade(null);
      assertThat(SchemaDump.physical(url)).as("schema after down to " + target + " and up").isEqualTo(expected);
      var record = store.get("default", "/keep/me").await().atMost(Duration.ofSeconds(30));
      assertThat(record).as("data kept after down to " + target).isNotNull();
      assertThat(record.version()).isEqualTo(2);
    }
    // Down to nothing and back up: same schema again.
    m.downgrade("0");
    assertThat(m.status().current()).isNull();
    m.upgrade(null);
    assertThat(SchemaDump.physical(url)).isEqualTo(expected);
  }

  @Test
  void twoInstancesStartingTogetherMigrateOnce() throws Exception {
    DatabaseUrl url = freshDatabase();
    int latest = Integer.parseInt(new SchemaMigrator(url).status().latest());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
      var start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 3; i++) {
        runs.add(pool.submit(() -> {
          start.await();
          return new SchemaMigrator(url).upgrade(null);
        }));
      }
      start.countDown();
      int executed = 0;
      for (var r : runs) {
        executed += r.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      assertThat(executed).as("each migration ran exactly once").isEqualTo(latest);
    } finally {
      pool.shutdownNow();
    }
    try (var c = new SchemaMigrator(url).connect(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(latest);
    }
  }

  @Test
  void upgradeToARevisionStopsThere() {
    DatabaseUrl url = freshDatabase();
    SchemaMigrator m = new SchemaMigrator(url);
    assertThat(m.upgrade("1")).isEqualTo(1);
    assertThat(m.status().current()).isEqualTo("1");
    assertThat(m.status().upToDate()).isFalse();
    m.upgrade(null);
    assertThat(m.status().upToDate()).isTrue();
    assertThat(m.upgrade(null)).isZero();
  }

  @Test
  void aSchemaNewerThanTheBuildIsRefused() throws Exception {
    DatabaseUrl url = freshDatabase();
    SchemaMigrator m = new SchemaMigrator(url);
    m.upgrade(null);
    try (var c = m.connect(); var st = c.createStatement()) {
      st.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
              + " installed_by, installed_on, execution_time, success) VALUES (99, '99', 'future', 'SQL',"
              + " 'V99__future.sql', 0, 'test', CURRENT_TIMESTAMP, 0, true)");
    }
    assertThat(m.status().unknownApplied()).containsExactly("99");
    assertThatThrownBy(() -> m.upgrade(null)).hasMessageContaining("newer than this build");
  }
}
