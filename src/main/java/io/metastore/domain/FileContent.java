package io.metastore.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What a client sets on a file: where it lives, its size, etag, MIME type and attrs (compact
 * JSON). Built only through {@link #fromJson}, so every entry point applies the same rules.
 */
public record FileContent(
    String backend,
    String physicalPath,
    long size,
    String etag,
    String mimeType,
    String attrs) {

  public static final int MAX_LOCATION_BYTES = 1024;
  private static final Set<String> IGNORED = Set.of("version", "createdAt", "modifiedAt", "type");
  private static final Set<String> KNOWN =
      Set.of("path", "backend", "physicalPath", "size", "etag", "mimeType", "attrs");

  /**
   * Reads a PUT body (or one batch entry). {@code expectedPath}, when not null, is the path from
   * the URL that a "path" member must equal; {@code at} prefixes field names in errors.
   */
  public static FileContent fromJson(JsonNode body, String expectedPath, String at) {
    if (body == null || !body.isObject()) {
      throw new InvalidInputException(
          at.isEmpty() ? "body" : at, "must be a JSON object with the file's fields");
    }
    Iterator<Map.Entry<String, JsonNode>> it = body.fields();
    while (it.hasNext()) {
      String name = it.next().getKey();
      if (!KNOWN.contains(name) && !IGNORED.contains(name)) {
        throw new InvalidInputException(at + name, "is not a known field");
      }
    }
    JsonNode path = body.get("path");
    if (expectedPath != null && path != null && !path.isNull()) {
      if (!path.isTextual() || !path.textValue().equals(expectedPath)) {
        throw new InvalidInputException(
            at + "path", "must equal the path in the URL (" + expectedPath + ")");
      }
    }
    return new FileContent(
        requiredString(body, "backend", at),
        requiredString(body, "physicalPath", at),
        size(body.get("size"), at + "size"),
        optionalString(body, "etag", at),
        optionalString(body, "mimeType", at),
        Attrs.canonical(body.get("attrs"), at + "attrs"));
  }

  public FileContent withAttrs(String newAttrs) {
    return new FileContent(backend, physicalPath, size, etag, mimeType, newAttrs);
  }

  static long size(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      throw new InvalidInputException(field, "is required");
    }
    if (!node.isNumber()) {
      throw new InvalidInputException(
          field, "must be an integer, not " + node.getNodeType().name().toLowerCase());
    }
    if (!node.isIntegralNumber()) {
      if (node.decimalValue().stripTrailingZeros().scale() > 0) {
        throw new InvalidInputException(field, "must be an integer, not " + node.asText());
      }
    }
    java.math.BigDecimal value = node.decimalValue();
    if (value.signum() < 0) {
      throw new InvalidInputException(field, "must not be negative: " + node.asText());
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidInputException(field, "must be at most 2^63-1: " + node.asText());
    }
  }

  static String requiredString(JsonNode body, String name, String at) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidInputException(at + name, "is required");
    }
    String value = string(node, at + name);
    if (value.isEmpty()) {
      throw new InvalidInputException(at + name, "must not be empty");
    }
    return value;
  }

  static String optionalString(JsonNode body, String name, String at) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    return string(node, at + name);
  }

  private static String string(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new InvalidInputException(
          field, "must be a string, not " + node.getNodeType().name().toLowerCase());
    }
    String value = node.textValue();
    Attrs.checkString(value, field);
    int bytes = PathRules.utf8Length(value, field);
    if (bytes > MAX_LOCATION_BYTES) {
      throw new InvalidInputException(
          field, "is " + bytes + " bytes long; at most " + MAX_LOCATION_BYTES + " are allowed");
    }
    return value;
  }
}
