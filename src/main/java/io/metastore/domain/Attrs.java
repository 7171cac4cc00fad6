package io.metastore.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Rules for the free-form {@code attrs} object. */
public final class Attrs {
  public static final int MAX_BYTES = 65_536;
  public static final String EMPTY = "{}";

  private Attrs() {}

  /** Validates attrs and returns them as compact JSON; null means an empty object. */
  public static String canonical(JsonNode attrs, String field) {
    if (attrs == null || attrs.isNull() || attrs.isMissingNode()) {
      return EMPTY;
    }
    if (!attrs.isObject()) {
      throw new InvalidInputException(
          field, "must be a JSON object, not " + attrs.getNodeType().name().toLowerCase());
    }
    checkText(attrs, field);
    String compact = Json.write(attrs);
    int bytes = compact.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new InvalidInputException(
          field, "is " + bytes + " bytes as compact JSON; at most " + MAX_BYTES + " are allowed");
    }
    return compact;
  }

  /** Every key and string must be storable in PostgreSQL jsonb: no U+0000, no lone surrogate. */
  static void checkText(JsonNode node, String field) {
    if (node.isTextual()) {
      checkString(node.textValue(), field);
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        checkString(e.getKey(), field + " key");
        checkText(e.getValue(), field + "." + e.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkText(node.get(i), field + "[" + i + "]");
      }
    }
  }

  static void checkString(String s, String field) {
    if (s.indexOf('\u0000') >= 0) {
      throw new InvalidInputException(field, "must not contain U+0000");
    }
    PathRules.utf8Length(s, field);
  }

  /** RFC 7396 JSON merge patch of {@code patch} onto {@code target}; returns a new tree. */
  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : Json.MAPPER.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }
}
