package io.metastore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.Limits;
import io.metastore.domain.NotFoundException;
import io.metastore.domain.PathRules;
import io.metastore.domain.Precondition;
import io.metastore.store.ListRequest;
import io.metastore.store.MetadataStore;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/** /api/v1/files: one file by path, and listings. Translates HTTP to the store, nothing more. */
@Path("/api/v1/files")
public class FilesResource {
  static final String MERGE_PATCH = "application/merge-patch+json";

  @Inject MetadataStore store;

  @PUT
  @Path("/{path: .+}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> put(
      @PathParam("path") String ignored,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @Context RoutingContext ctx,
      byte[] body) {
    String path = Params.filePath(ctx);
    Precondition pre = Precondition.of(ifMatch, ifNoneMatch);
    FileContent content = FileContent.fromJson(Json.parse(body), path, "");
    return store
        .put(Params.tenant(ctx), path, content, pre)
        .map(r -> withRecord(Response.status(r.created() ? 201 : 200), r.record()));
  }

  @GET
  @Path("/{path: .+}")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> get(
      @PathParam("path") String ignored,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @Context RoutingContext ctx) {
    String path = Params.filePath(ctx);
    Precondition pre = Precondition.of(null, ifNoneMatch);
    return store
        .get(Params.tenant(ctx), path)
        .map(
            r -> {
              if (r == null) {
                throw new NotFoundException("no file at " + path);
              }
              if (pre.ifNoneMatch() != null
                  && (pre.ifNoneMatch().contains("*")
                      || pre.ifNoneMatch().contains(Long.toString(r.version())))) {
                return Response.notModified().header("ETag", etag(r)).build();
              }
              return withRecord(Response.ok(), r);
            });
  }

  @HEAD
  @Path("/{path: .+}")
  public Uni<Response> head(@PathParam("path") String ignored, @Context RoutingContext ctx) {
    String path = Params.filePath(ctx);
    return store
        .get(Params.tenant(ctx), path)
        .map(
            r ->
                r == null
                    ? Response.status(404).build()
                    : Response.ok().header("ETag", etag(r)).build());
  }

  @PATCH
  @Path("/{path: .+}")
  @Consumes(MERGE_PATCH)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> patch(
      @PathParam("path") String ignored,
      @HeaderParam("If-Match") String ifMatch,
      @Context RoutingContext ctx,
      byte[] body) {
    String path = Params.filePath(ctx);
    Precondition pre = Precondition.of(ifMatch, null);
    JsonNode patch = Json.parse(body);
    Params.onlyKnown(patch, Set.of("attrs"), "body");
    JsonNode attrs = patch.get("attrs");
    if (attrs == null) {
      attrs = Json.MAPPER.createObjectNode();
    } else if (!attrs.isObject() && !attrs.isNull()) {
      throw new InvalidInputException("attrs", "must be a JSON object (a merge patch) or null");
    }
    return store
        .patchAttrs(Params.tenant(ctx), path, attrs, pre)
        .map(r -> withRecord(Response.ok(), r));
  }

  @DELETE
  @Path("/{path: .+}")
  public Uni<Response> delete(
      @PathParam("path") String ignored,
      @QueryParam("recursive") String recursive,
      @HeaderParam("If-Match") String ifMatch,
      @Context RoutingContext ctx) {
    String path = Params.filePath(ctx);
    boolean tree = Params.bool(recursive, "recursive");
    if (tree && ifMatch != null) {
      throw new InvalidInputException("If-Match", "cannot be combined with recursive=true");
    }
    Precondition pre = Precondition.of(ifMatch, null);
    return store
        .delete(Params.tenant(ctx), path, pre, tree)
        .map(n -> Response.noContent().build());
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> list(
      @QueryParam("prefix") String prefix,
      @QueryParam("recursive") String recursive,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor,
      @Context RoutingContext ctx) {
    String dir = PathRules.directoryPrefix(prefix, "prefix");
    ListRequest req =
        ListRequest.of(
            dir,
            Params.bool(recursive, "recursive"),
            Limits.pageSize(Params.integer(limit, "limit")),
            cursor);
    return store
        .list(Params.tenant(ctx), req)
        .map(page -> Response.ok(Views.listPage(page), MediaType.APPLICATION_JSON).build());
  }

  static String etag(FileRecord r) {
    return "\"" + r.version() + "\"";
  }

  static Response withRecord(Response.ResponseBuilder b, FileRecord r) {
    return b.type(MediaType.APPLICATION_JSON).header("ETag", etag(r)).entity(Views.record(r)).build();
  }
}
