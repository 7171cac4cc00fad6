package io.metastore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.schema.SchemaMigrator;
import io.metastore.store.MetadataStore;
import io.metastore.store.MetadataStoreContract;
import io.metastore.store.StoreFactory;
import io.metastore.store.postgres.ReadReplicas;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole store contract with reads routed to a streaming replica, for a client that sends its
 * last write's position with every read and reads at once: each read is served by the replica if
 * it has replayed that write, else by the primary, and every contract test still sees its own
 * writes. (Right after a write the replica has mostly not replayed it yet, so the primary serves
 * most of these reads; {@link ReplicaServedContractTest} has the replica serve them.)
 */
class ReadYourWritesContractTest extends MetadataStoreContract {
  private static ReadReplicas replicas;

  @Override
  protected MetadataStore createStore() {
    DatabaseUrl primary = DatabaseUrl.parse(TestDatabases.postgresUrl());
    new SchemaMigrator(primary).upgrade(null);
    StreamingReplica replica = StreamingReplica.shared();
    var replicated =
        StoreFactory.postgresWithReplicas(
            primary,
            List.of(DatabaseUrl.parse(replica.url())),
            new ReadReplicas.Settings(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(2)),
            new ClientSession(true));
    replicas = replicated.replicas();
    return replicated.store();
  }

  @AfterAll
  static void readsWereRouted() {
    if (replicas != null) {
      assertThat(replicas.status().get(0).reads() + replicas.primaryReads())
          .as("reads routed (replica %s)", replicas.status().get(0))
          .isPositive();
      replicas.close();
    }
  }
}
