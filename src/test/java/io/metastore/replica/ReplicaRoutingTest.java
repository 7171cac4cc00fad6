package io.metastore.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.Precondition;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.ListRequest;
import io.metastore.store.MetadataStore;
import io.metastore.store.StoreFactory;
import io.metastore.store.postgres.ReadReplicas;
import io.smallrye.mutiny.Uni;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads on a real streaming replica: served by it when no position is asked for, by it or by the
 * primary (whichever has the write) when the caller names its last write's position, and never
 * failed by a replica that lags or dies. Which server answered is told apart by the data (a
 * replica whose replay is paused answers with the old state) and by the per-server read counts.
 */
class ReplicaRoutingTest {
  static final ReadReplicas.Settings SETTINGS =
      new ReadReplicas.Settings(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(2));

  static StreamingReplica replica;
  static ClientSession client;
  static MetadataStore store;
  static ReadReplicas replicas;
  String tenant;

  @BeforeAll
  static void setUp() {
    DatabaseUrl primary = DatabaseUrl.parse(TestDatabases.postgresUrl());
    new SchemaMigrator(primary).upgrade(null);
    replica = StreamingReplica.shared();
    client = new ClientSession(false);
    var replicated =
        StoreFactory.postgresWithReplicas(
            primary, List.of(DatabaseUrl.parse(replica.url())), SETTINGS, client);
    store = replicated.store();
    replicas = replicated.replicas();
    awaitState("usable");
  }

  @AfterAll
  static void tearDown() {
    replicas.close();
  }

  @BeforeEach
  void newTenant() {
    tenant = "t-" + UUID.randomUUID();
    client.echo(false);
    client.send(null);
  }

  @AfterEach
  void healReplica() {
    client.send(null);
    if (!replica.isRunning()) {
      replica.start();
    }
    replica.resumeReplay();
    awaitState("usable");
  }

  @Test
  void readsGoToTheReplicaUnlessTheyNameAWriteItHasNotReplayed() {
    put("/doc", 1);
    awaitReplayed(client.latest());
    long served = replicaReads();
    assertThat(get("/doc").version()).isEqualTo(1);
    assertThat(replicaReads()).as("a read without position goes to the replica").isEqualTo(served + 1);

    replica.pauseReplay();
    put("/doc", 2);
    String v2 = client.latest();
    served = replicaReads();
    long onPrimary = replicas.primaryReads();
    assertThat(get("/doc").version())
        .as("the replica (replay paused, still within max-lag) answers with what it has")
        .isEqualTo(1);
    assertThat(replicaReads()).isEqualTo(served + 1);

    client.send(v2);
    assertThat(get("/doc").version()).as("naming the write's position reads it").isEqualTo(2);
    assertThat(replicas.primaryReads()).as("from the primary").isEqualTo(onPrimary + 1);

    replica.resumeReplay();
    awaitReplayed(v2);
    served = replicaReads();
    assertThat(get("/doc").version()).isEqualTo(2);
    assertThat(replicaReads()).as("once replayed, the replica serves it").isEqualTo(served + 1);
  }

  @Test
  void everyReadNamingTheLastWriteSeesIt() {
    client.echo(true);
    long before = replicaReads() + replicas.primaryReads();
    for (int n = 1; n <= 40; n++) {
      int i = n;
      put("/rw/f", i);
      switch (i % 4) {
        case 0 -> assertThat(get("/rw/f").content().size()).isEqualTo(i);
        case 1 ->
            assertThat(await(store.list(tenant, ListRequest.of("/rw", true, 10, null))).items())
                .singleElement()
                .satisfies(item -> assertThat(item.record().version()).isEqualTo(i));
        case 2 ->
            assertThat(await(store.versions(tenant, "/rw/f", 1, null)).items().get(0).version())
                .isEqualTo(i);
        default -> assertThat(await(store.stats(tenant)).bytes()).isEqualTo(BigInteger.valueOf(i));
      }
    }
    assertThat(replicaReads() + replicas.primaryReads()).isEqualTo(before + 40);
  }

  @Test
  void aReplicaLaggingBeyondTheBoundIsSkipped() {
    replica.pauseReplay();
    put("/lag/a", 1);
    awaitState("lagging");
    long served = replicaReads();
    long onPrimary = replicas.primaryReads();
    assertThat(get("/lag/a")).as("fresh data: the primary answered").isNotNull();
    assertThat(replicaReads()).isEqualTo(served);
    assertThat(replicas.primaryReads()).isEqualTo(onPrimary + 1);
  }

  @Test
  void aKilledReplicaFailsNoReadAndComesBack() {
    put("/k/a", 1);
    awaitReplayed(client.latest());
    assertThat(get("/k/a")).isNotNull();

    replica.kill();
    List<Uni<FileRecord>> reads =
        IntStream.range(0, 50).mapToObj(i -> store.get(tenant, "/k/a")).toList();
    assertThat(await(Uni.join().all(reads).andFailFast()))
        .as("reads racing the kill fall back to the primary")
        .hasSize(50)
        .allSatisfy(r -> assertThat(r.version()).isEqualTo(1));
    for (int i = 0; i < 10; i++) {
      assertThat(await(store.stats(tenant)).files()).isEqualTo(1);
    }
    assertThat(replicas.status().get(0).state()).isEqualTo("down");
    await(store.ping());

    replica.start();
    awaitState("usable");
    long served = replicaReads();
    assertThat(get("/k/a")).isNotNull();
    assertThat(replicaReads()).as("the restarted replica serves reads again").isEqualTo(served + 1);
  }

  @Test
  void aMalformedPositionIsInvalidInput() {
    client.send("not-a-position");
    assertThatThrownBy(() -> get("/x")).isInstanceOf(InvalidInputException.class);
  }

  // ------------------------------------------------------------ helpers

  private void put(String path, long size) {
    var body = Json.MAPPER.createObjectNode();
    body.put("backend", "s3").put("physicalPath", "p" + path).put("size", size);
    await(store.put(tenant, path, FileContent.fromJson(body, null, ""), Precondition.NONE));
  }

  private FileRecord get(String path) {
    return await(store.get(tenant, path));
  }

  private static <T> T await(Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(30));
  }

  private static long replicaReads() {
    return replicas.status().get(0).reads();
  }

  static void awaitState(String state) {
    awaitTrue(() -> state.equals(replicas.status().get(0).state()), "replica state " + state);
  }

  static void awaitReplayed(String position) {
    awaitTrue(
        () -> {
          String replayed = replicas.status().get(0).replayPosition();
          return replayed != null && ClientSession.lsn(replayed) >= ClientSession.lsn(position);
        },
        "replica replayed " + position);
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; status " + replicas.status());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
