package io.metastore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Attrs;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.Limits;
import io.metastore.domain.PathRules;
import io.metastore.store.MetadataStore;
import io.metastore.store.QueryRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/** Attribute queries, stats and rename. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {
  @Inject MetadataStore store;

  @POST
  @Path("/query")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> query(@Context RoutingContext ctx, byte[] body) {
    JsonNode req = Json.parse(body);
    Params.onlyKnown(req, Set.of("attrs", "prefix", "limit", "cursor"), "body");
    JsonNode attrs = req.get("attrs");
    if (attrs == null || attrs.isNull()) {
      attrs = Json.MAPPER.createObjectNode();
    }
    if (!attrs.isObject()) {
      throw new InvalidInputException("attrs", "must be a JSON object");
    }
    String attrsJson = Attrs.canonical(attrs, "attrs");
    String dir = PathRules.directoryPrefix(Params.optionalString(req, "prefix"), "prefix");
    int limit = Limits.pageSize(Params.optionalInt(req, "limit"));
    QueryRequest q =
        QueryRequest.of(attrs, attrsJson, dir, limit, Params.optionalString(req, "cursor"));
    return store
        .query(Params.tenant(ctx), q)
        .map(page -> Response.ok(Views.recordPage(page)).build());
  }

  @GET
  @Path("/stats")
  public Uni<Response> stats(@Context RoutingContext ctx) {
    return store.stats(Params.tenant(ctx)).map(s -> Response.ok(Views.stats(s)).build());
  }

  @POST
  @Path("/rename")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> rename(@Context RoutingContext ctx, byte[] body) {
    JsonNode req = Json.parse(body);
    Params.onlyKnown(req, Set.of("from", "to"), "body");
    String from = Params.requiredPath(req, "from");
    String to = Params.requiredPath(req, "to");
    return store
        .rename(Params.tenant(ctx), from, to)
        .map(n -> Response.ok(Views.renamed(n)).build());
  }
}
