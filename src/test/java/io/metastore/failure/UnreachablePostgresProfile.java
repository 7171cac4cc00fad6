package io.metastore.failure;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service on PostgreSQL reached through a proxy that starts out down. */
public class UnreachablePostgresProfile implements QuarkusTestProfile {
  static final int PROXY_PORT = TcpProxy.freePort();

  static int targetPort() {
    String url = DatabaseUrl.parse(TestDatabases.postgresUrl()).reactiveUrl();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(url);
    return m.find() ? Integer.parseInt(m.group(1)) : 5432;
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    String base = TestDatabases.postgresUrl();
    String viaProxy = base.replaceFirst("@([^/:]+)(:\\d+)?/", "@127.0.0.1:" + PROXY_PORT + "/");
    return Map.of(
        "metastore.database-url", viaProxy,
        "metastore.schema.max-backoff", "1s",
        "metastore.request-timeout", "5s",
        "quarkus.datasource.reactive.reconnect-attempts", "0");
  }
}
