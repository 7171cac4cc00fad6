package io.metastore.pgbouncer;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with {@code DATABASE_URL=postgresql://...@pgbouncer/db?pgbouncer=true}: migrations
 * at start-up and every request go through PgBouncer in transaction pooling mode. The PgBouncer
 * lives as long as the JVM.
 */
public class PgBouncerProfile implements QuarkusTestProfile {
  private static PgBouncer bouncer;

  static synchronized String url() {
    if (bouncer == null) {
      bouncer = PgBouncer.start();
      PgBouncer started = bouncer;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "metastore-pgbouncer-stop"));
    }
    return bouncer.url();
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("metastore.database-url", url());
  }
}
