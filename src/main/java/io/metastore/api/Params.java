package io.metastore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.PathRules;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Set;

/** Reading query parameters and body members strictly, with errors that name the field. */
final class Params {
  private Params() {}

  static String tenant(RoutingContext ctx) {
    return ctx.get(RequestGate.TENANT);
  }

  static String filePath(RoutingContext ctx) {
    String path = ctx.get(RequestGate.FILE_PATH);
    if (path == null) {
      throw new InvalidInputException("path", "is missing from the URL");
    }
    return path;
  }

  static boolean bool(String value, String name) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidInputException(name, "must be true or false: " + value);
    };
  }

  static Integer integer(String value, String name) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, "must be an integer: " + value);
    }
  }

  /** Rejects members of {@code body} outside {@code allowed}. */
  static void onlyKnown(JsonNode body, Set<String> allowed, String where) {
    if (!body.isObject()) {
      throw new InvalidInputException(where, "must be a JSON object");
    }
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw new InvalidInputException(n, "is not a known field");
      }
    }
  }

  static String requiredPath(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(name, "is required");
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(name, "must be a string");
    }
    return PathRules.requireValid(v.textValue(), name);
  }

  static String optionalString(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(name, "must be a string");
    }
    return v.textValue();
  }

  static Integer optionalInt(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidInputException(name, "must be an integer");
    }
    return v.intValue();
  }

  static long positiveLong(JsonNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(name, "is required");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
      throw new InvalidInputException(name, "must be a positive integer");
    }
    return v.longValue();
  }
}
