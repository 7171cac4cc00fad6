package io.metastore.schema;

import io.metastore.store.MetadataStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers and the schema is at the latest revision. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements AsyncHealthCheck {
  @Inject MetadataStore store;
  @Inject SchemaStartup schema;

  @Override
  public Uni<HealthCheckResponse> call() {
    var builder = HealthCheckResponse.named("database").withData("database", store.databaseName());
    if (!schema.isCurrent()) {
      return Uni.createFrom()
          .item(builder.down().withData("reason", String.valueOf(schema.problem())).build());
    }
    return store
        .ping()
        .ifNoItem()
        .after(Duration.ofSeconds(3))
        .fail()
        .map(x -> builder.up().build())
        .onFailure()
        .recoverWithItem(e -> builder.down().withData("reason", SchemaStartup.oneLine(e)).build());
  }
}
