package io.metastore.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java containment (used on SQLite) must answer exactly what PostgreSQL's jsonb @> answers. */
class JsonContainmentTest {
  static final List<String> DOCS =
      List.of(
          "{}", "[]", "1", "\"a\"", "null", "true", "[1,2,[1,3]]", "[\"a\",\"b\"]", "{\"a\":1}", "{\"a\":1.0}",
          "{\"a\":\"1\"}", "{\"a\":[1,2]}", "{\"a\":[[1,2],3]}", "{\"a\":{\"b\":[{\"c\":1,\"d\":2}]}}", "{\"a\":null}",
          "{\"a\":[]}", "{\"a\":{}}", "{\"a\":[\"x\"],\"b\":true}", "{\"a\":1e2}", "{\"a\":100}", "[{\"a\":1},{\"b\":2}]",
          "{\"tags\":[\"q3\",\"final\"],\"score\":7}", "{\"a\":[1,1]}", "{\"a\":-0}", "{\"a\":0}", "{\"a\":\"é😀\"}");

  @Test
  void agreesWithPostgresqlOnEveryPair() throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(TestDatabases.postgresUrl());
    List<String> disagreements = new ArrayList<>();
    int checked = 0;
    try (Connection c = TestDatabases.connect(url);
        PreparedStatement st = c.prepareStatement("SELECT CAST(? AS jsonb) @> CAST(? AS jsonb)")) {
      for (String value : DOCS) {
        for (String query : DOCS) {
          st.setString(1, value);
          st.setString(2, query);
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            boolean pg = rs.getBoolean(1);
            boolean java = JsonContainment.contains(Json.parse(value), Json.parse(query));
            checked++;
            if (pg != java) {
              disagreements.add(value + " @> " + query + ": postgresql " + pg + ", java " + java);
            }
          }
        }
      }
    }
    assertThat(checked).isEqualTo(DOCS.size() * DOCS.size());
    assertThat(disagreements).isEmpty();
  }
}
