package io.metastore.api;

import io.metastore.config.ReadReplicaConfig;
import io.metastore.config.RequestConsistency;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * With read replicas only: hands the {@code Metastore-Min-Lsn} request header to the store and
 * adds {@code Metastore-Lsn} (the WAL position of the write's commit) to write responses. Without
 * replicas it is not installed, so neither header means anything.
 */
@ApplicationScoped
public class ConsistencyHeaders {
  @Inject ReadReplicaConfig replicas;

  void install(@Observes Router router) {
    if (replicas.enabled()) {
      router.route("/api/*").order(-999).handler(this::handle);
    }
  }

  void handle(RoutingContext ctx) {
    Context request = Vertx.currentContext();
    String minimum = ctx.request().getHeader(RequestConsistency.MIN_POSITION_HEADER);
    if (minimum != null) {
      RequestConsistency.require(request, minimum);
    }
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.addHeadersEndHandler(
          v -> {
            String position = RequestConsistency.committed(request);
            if (position != null) {
              ctx.response().putHeader(RequestConsistency.POSITION_HEADER, position);
            }
          });
    }
    ctx.next();
  }
}
