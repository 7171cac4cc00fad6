package io.metastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Cursor;

/** A validated attribute query: the containment document (and its compact text), directory, page. */
public record QueryRequest(
    JsonNode attrs, String attrsJson, String directory, int limit, String after) {

  public static QueryRequest of(
      JsonNode attrs, String attrsJson, String directory, int limit, String cursor) {
    return new QueryRequest(
        attrs, attrsJson, directory, limit, Cursor.decode(scope(attrsJson, directory), cursor));
  }

  public String scope() {
    return scope(attrsJson, directory);
  }

  static String scope(String attrsJson, String directory) {
    return "query\u0000" + directory + "\u0000" + attrsJson;
  }
}
