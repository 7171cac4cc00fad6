package io.metastore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.Limits;
import io.metastore.store.MetadataStore;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/** Version history and rollback. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {
  @Inject MetadataStore store;

  @GET
  @Path("/versions/{path: .+}")
  public Uni<Response> versions(
      @PathParam("path") String ignored,
      @QueryParam("version") String version,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor,
      @Context RoutingContext ctx) {
    String path = Params.filePath(ctx);
    if (version != null) {
      long n;
      try {
        n = Long.parseLong(version);
      } catch (NumberFormatException e) {
        throw new InvalidInputException("version", "must be a positive integer: " + version);
      }
      if (n < 1) {
        throw new InvalidInputException("version", "must be a positive integer: " + version);
      }
      return store
          .version(Params.tenant(ctx), path, n)
          .map(v -> Response.ok(Views.version(v)).build());
    }
    int size = Limits.pageSize(Params.integer(limit, "limit"));
    return store
        .versions(Params.tenant(ctx), path, size, cursor)
        .map(page -> Response.ok(Views.versionPage(page)).build());
  }

  @POST
  @Path("/rollback")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> rollback(@Context RoutingContext ctx, byte[] body) {
    JsonNode req = Json.parse(body);
    Params.onlyKnown(req, Set.of("path", "version"), "body");
    String path = Params.requiredPath(req, "path");
    long version = Params.positiveLong(req, "version");
    return store
        .rollback(Params.tenant(ctx), path, version)
        .map(r -> FilesResource.withRecord(Response.ok(), r));
  }
}
