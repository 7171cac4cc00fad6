package io.metastore.config;

import io.metastore.store.MetadataStore;
import io.metastore.store.postgres.ReadReplicas;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With read replicas, {@code /q/health/ready} gains a "read-replicas" check that is always UP
 * (readiness follows the primary alone: reads fall back to it) and reports, per replica, its
 * state (usable, lagging, down, unknown), whether it is in recovery, its lag, its replayed WAL
 * position and how many reads it served. Without replicas the check does not exist.
 */
@ApplicationScoped
public class ReadReplicaHealth {
  @Inject ReadReplicaConfig config;
  @Inject StoreProducer producer;
  @Inject MetadataStore store;
  @Inject @Readiness HealthRegistry readiness;

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    store.databaseName(); // builds the store, and with it the replica pools and their probes
    producer.replicas().ifPresent(r -> readiness.register("read-replicas", () -> report(r)));
  }

  static HealthCheckResponse report(ReadReplicas replicas) {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("read-replicas").up();
    b.withData("primary-reads", replicas.primaryReads());
    int i = 0;
    for (ReadReplicas.Status s : replicas.status()) {
      String key = "replica-" + i++ + ".";
      b.withData(key + "url", s.name());
      b.withData(key + "state", s.state());
      if (s.inRecovery() != null) {
        b.withData(key + "in-recovery", s.inRecovery());
      }
      if (s.lagMillis() != null) {
        b.withData(key + "lag-ms", s.lagMillis());
      }
      if (s.replayPosition() != null) {
        b.withData(key + "replay-lsn", s.replayPosition());
      }
      b.withData(key + "reads", s.reads());
      if (s.problem() != null) {
        b.withData(key + "problem", s.problem());
      }
    }
    return b.build();
  }
}
