package io.metastore.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Bearer-token auth. Off by default: every request acts as tenant "default". On, each tenant
 * has a token: {@code metastore.auth.tenants.<tenant>=<token>}.
 */
@ConfigMapping(prefix = "metastore.auth")
public interface AuthConfig {
  @WithDefault("false")
  boolean enabled();

  Map<String, String> tenants();
}
