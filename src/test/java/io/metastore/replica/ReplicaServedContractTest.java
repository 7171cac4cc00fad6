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
 * The whole store contract with reads served by a streaming replica: the client sends its last
 * write's position with every read and, before a read, waits until the replica has replayed it
 * (as a client that can afford the replication delay would). Every result the contract checks
 * then comes from the replica.
 */
class ReplicaServedContractTest extends MetadataStoreContract {
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
            new ClientSession(DatabaseUrl.parse(replica.url())));
    replicas = replicated.replicas();
    return replicated.store();
  }

  @AfterAll
  static void theReplicaServedTheReads() {
    if (replicas != null) {
      long served = replicas.status().get(0).reads();
      assertThat(served)
          .as("reads the replica served (primary: %d)", replicas.primaryReads())
          .isGreaterThan(replicas.primaryReads());
      replicas.close();
    }
  }
}
