package io.metastore.config;

import io.agroal.api.AgroalDataSource;
import io.metastore.store.MetadataStore;
import io.metastore.store.postgres.PostgresMetadataStore;
import io.metastore.store.sqlite.SqliteMetadataStore;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the one adapter that {@code DATABASE_URL} selects; the other datasource stays inactive. */
@ApplicationScoped
public class StoreProducer {

  @ConfigProperty(name = "metastore.database.kind")
  String kind;

  @ConfigProperty(name = "metastore.database.jdbc-url")
  java.util.Optional<String> jdbcUrl;

  @ConfigProperty(name = "metastore.request-timeout", defaultValue = "8s")
  Duration timeout;

  @Produces
  @ApplicationScoped
  MetadataStore store(
      @DataSource("sqlite") InjectableInstance<AgroalDataSource> sqlite,
      InjectableInstance<Pool> postgres) {
    if (DatabaseKind.SQLITE.folder().equals(kind)) {
      io.metastore.schema.SchemaMigrator.createSqliteDirectory(jdbcUrl.orElseThrow());
      return new SqliteMetadataStore(sqlite.get(), Infrastructure.getDefaultWorkerPool());
    }
    return new PostgresMetadataStore(postgres.get(), timeout);
  }
}
