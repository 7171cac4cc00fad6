package io.metastore.api;

import io.metastore.domain.InvalidInputException;
import io.metastore.domain.PathRules;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Runs before the REST layer, on the raw request: refuses bodies over the limit from
 * Content-Length before reading them, checks file paths in the URL as sent (no silent
 * normalisation of '..', '//' or %2F), and resolves the caller's tenant.
 */
@ApplicationScoped
public class RequestGate {
  public static final String TENANT = "metastore.tenant";
  public static final String FILE_PATH = "metastore.path";
  public static final long MAX_BODY = 8L * 1024 * 1024;
  static final String FILES = "/api/v1/files";
  static final String VERSIONS = "/api/v1/versions";

  @Inject AuthConfig auth;
  @Inject io.metastore.schema.SchemaStartup schema;

  void install(@Observes Router router) {
    router.route().order(-1000).handler(this::gate);
    // A chunked body that crosses the limit is cut by Vert.x; answer it in the same shape.
    router.route().order(-1000).failureHandler(
        ctx -> {
          if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            end(ctx, 413, "request body is larger than 8 MiB");
          } else {
            ctx.next();
          }
        });
  }

  void gate(RoutingContext ctx) {
    String raw = ctx.request().path();
    if (raw == null || !raw.startsWith("/api/")) {
      ctx.next();
      return;
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
          end(ctx, 413, "request body of " + length.trim() + " bytes is larger than 8 MiB");
          return;
        }
      } catch (NumberFormatException e) {
        end(ctx, 400, "Content-Length is not a number");
        return;
      }
    }
    Optional<String> tenant = tenantOf(ctx);
    if (tenant.isEmpty()) {
      end(ctx, 401, "a valid 'Authorization: Bearer <token>' header is required");
      return;
    }
    if (!schema.isCurrent()) {
      ctx.response().putHeader("Retry-After", Integer.toString(Problems.RETRY_AFTER_SECONDS));
      end(ctx, 503, "the database is not ready: " + schema.problem());
      return;
    }
    ctx.put(TENANT, tenant.get());
    try {
      String path = filePathOf(raw);
      if (path != null) {
        ctx.put(FILE_PATH, path);
      }
    } catch (InvalidInputException e) {
      end(ctx, 400, e.getMessage());
      return;
    }
    if (length == null && hasBody(ctx)) {
      // A body of unknown length (chunked, or HTTP/2): read it here under the same limit, so
      // crossing it ends in our 413.
      CHUNKED_BODY.handle(ctx);
      return;
    }
    ctx.next();
  }

  private static boolean hasBody(RoutingContext ctx) {
    var m = ctx.request().method();
    return m == io.vertx.core.http.HttpMethod.PUT
        || m == io.vertx.core.http.HttpMethod.POST
        || m == io.vertx.core.http.HttpMethod.PATCH;
  }

  private static final io.vertx.ext.web.handler.BodyHandler CHUNKED_BODY =
      io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(MAX_BODY);

  private Optional<String> tenantOf(RoutingContext ctx) {
    if (!auth.enabled()) {
      return Optional.of("default");
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    for (Map.Entry<String, String> e : auth.tenants().entrySet()) {
      if (constantTimeEquals(e.getValue(), token)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The file path a /files/... or /versions/... URL names, decoded strictly segment by segment;
   * null for other URLs. Throws InvalidInputException for a bad path.
   */
  static String filePathOf(String raw) {
    String rest;
    if (raw.startsWith(FILES + "/")) {
      rest = raw.substring(FILES.length() + 1);
    } else if (raw.startsWith(VERSIONS + "/")) {
      rest = raw.substring(VERSIONS.length() + 1);
    } else {
      return null;
    }
    if (rest.isEmpty()) {
      throw new InvalidInputException("path", "is empty; the URL must name a file after the '/'");
    }
    if (rest.endsWith("/")) {
      throw new InvalidInputException("path", "must not end with '/'");
    }
    StringBuilder path = new StringBuilder(rest.length() + 1);
    for (String segment : rest.split("/", -1)) {
      String decoded = PathRules.decodeSegment(segment, "path");
      path.append('/').append(decoded);
    }
    return PathRules.requireValid(path.toString(), "path");
  }

  private static void end(RoutingContext ctx, int status, String detail) {
    var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.end(Problems.body(status, detail));
  }
}
