package io.metastore.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.metastore.domain.Json;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** RFC 9457 problem details: every error the service sends has this shape. */
public final class Problems {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final int RETRY_AFTER_SECONDS = 5;

  private Problems() {}

  public static String body(int status, String detail) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", "about:blank");
      g.writeStringField("title", title(status));
      g.writeNumberField("status", status);
      g.writeStringField("detail", detail);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static Response response(int status, String detail) {
    Response.ResponseBuilder r =
        Response.status(status).type(MEDIA_TYPE).entity(body(status, detail));
    if (status == 503) {
      r.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (status == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    return r.build();
  }

  public static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 503 -> "Service Unavailable";
      default -> {
        Response.Status s = Response.Status.fromStatusCode(status);
        yield s == null ? "Error" : s.getReasonPhrase();
      }
    };
  }
}
