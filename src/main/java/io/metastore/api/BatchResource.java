package io.metastore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.FileContent;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.Limits;
import io.metastore.domain.PathRules;
import io.metastore.store.FileStore.PathContent;
import io.metastore.store.MetadataStore;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Batches of up to 1000 entries; one invalid entry fails the whole batch, naming its index. */
@Path("/api/v1/batch")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {
  @Inject MetadataStore store;

  @POST
  @Path("/get")
  public Uni<Response> get(@Context RoutingContext ctx, byte[] body) {
    List<String> paths = paths(Json.parse(body));
    return store
        .getMany(Params.tenant(ctx), paths)
        .map(records -> Response.ok(Views.records(records)).build());
  }

  @POST
  @Path("/put")
  public Uni<Response> put(@Context RoutingContext ctx, byte[] body) {
    JsonNode req = Json.parse(body);
    Params.onlyKnown(req, Set.of("files"), "body");
    JsonNode files = entries(req, "files");
    List<PathContent> entries = new ArrayList<>(files.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      String at = "files[" + i + "].";
      JsonNode f = files.get(i);
      if (f == null || !f.isObject()) {
        throw new InvalidInputException("files[" + i + "]", "must be a JSON object");
      }
      JsonNode p = f.get("path");
      if (p == null || !p.isTextual()) {
        throw new InvalidInputException(at + "path", "is required and must be a string");
      }
      String path = PathRules.requireValid(p.textValue(), at + "path");
      if (!seen.add(path)) {
        throw new InvalidInputException(at + "path", "appears twice in the batch: " + path);
      }
      entries.add(new PathContent(path, FileContent.fromJson(f, path, at)));
    }
    return store
        .putMany(Params.tenant(ctx), entries)
        .map(records -> Response.ok(Views.records(records)).build());
  }

  @POST
  @Path("/delete")
  public Uni<Response> delete(@Context RoutingContext ctx, byte[] body) {
    List<String> paths = paths(Json.parse(body));
    return store
        .deleteMany(Params.tenant(ctx), paths)
        .map(r -> Response.ok(Views.deleted(r)).build());
  }

  private static List<String> paths(JsonNode req) {
    Params.onlyKnown(req, Set.of("paths"), "body");
    JsonNode array = entries(req, "paths");
    List<String> paths = new ArrayList<>(array.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String field = "paths[" + i + "]";
      JsonNode p = array.get(i);
      if (!p.isTextual()) {
        throw new InvalidInputException(field, "must be a string");
      }
      String path = PathRules.requireValid(p.textValue(), field);
      if (!seen.add(path)) {
        throw new InvalidInputException(field, "appears twice in the batch: " + path);
      }
      paths.add(path);
    }
    return paths;
  }

  private static JsonNode entries(JsonNode req, String name) {
    JsonNode array = req.get(name);
    if (array == null || array.isNull()) {
      throw new InvalidInputException(name, "is required");
    }
    if (!array.isArray()) {
      throw new InvalidInputException(name, "must be an array");
    }
    if (array.size() > Limits.MAX_BATCH) {
      throw new InvalidInputException(
          name, "has " + array.size() + " entries; at most " + Limits.MAX_BATCH + " are allowed");
    }
    return array;
  }
}
