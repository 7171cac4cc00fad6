package io.metastore.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * PostgreSQL's {@code jsonb @>} in Java, for databases that lack it: objects match partially,
 * arrays as subsets (nested values by the same rule), scalars by type and value (numbers by
 * numeric value, so 1 = 1.0, but 7 != "7").
 */
public final class JsonContainment {
  private JsonContainment() {}

  public static boolean contains(JsonNode value, JsonNode query) {
    return contains(value, query, true);
  }

  private static boolean contains(JsonNode value, JsonNode query, boolean top) {
    if (query.isObject()) {
      if (!value.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = query.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode member = value.get(e.getKey());
        if (member == null || !contains(member, e.getValue(), false)) {
          return false;
        }
      }
      return true;
    }
    if (query.isArray()) {
      if (!value.isArray()) {
        return false;
      }
      for (JsonNode wanted : query) {
        boolean found = false;
        for (JsonNode candidate : value) {
          if (contains(candidate, wanted, false)) {
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    if (top && value.isArray()) {
      // jsonb's one exception: a top-level array contains a primitive it holds.
      for (JsonNode candidate : value) {
        if (scalarEquals(candidate, query)) {
          return true;
        }
      }
      return false;
    }
    return scalarEquals(value, query);
  }

  static boolean scalarEquals(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isTextual() && b.isTextual()) {
      return a.textValue().equals(b.textValue());
    }
    if (a.isBoolean() && b.isBoolean()) {
      return a.booleanValue() == b.booleanValue();
    }
    return a.isNull() && b.isNull();
  }
}
