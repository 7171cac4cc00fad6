package io.metastore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.domain.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checksum sees values, not spellings, and not row order. */
class StoreChecksumTest {

  @Test
  void canonicalJsonIgnoresKeyOrderSpacingAndNumberSpelling() {
    String sqlite = "{\"b\":1,\"a\":[1.50,{\"y\":true,\"x\":null}],\"c\":{\"z\":\"\u00e9\",\"k\":15e-1}}";
    String postgres = "{\"a\": [1.5, {\"x\": null, \"y\": true}], \"b\": 1.0, \"c\": {\"k\": 1.5, \"z\": \"\u00e9\"}}";
    assertThat(CanonicalJson.of(Json.parse(postgres))).isEqualTo(CanonicalJson.of(Json.parse(sqlite)));
    assertThat(CanonicalJson.of(Json.parse("{\"n\":0.000,\"big\":1E+3}")))
        .isEqualTo("{\"big\":1E+3,\"n\":0}")
        .isEqualTo(CanonicalJson.of(Json.parse("{\"big\":1000,\"n\":0}")));
  }

  @Test
  void differentValuesDiffer() {
    List<String> distinct =
        List.of("{\"a\":1}", "{\"a\":\"1\"}", "{\"a\":[1,2]}", "{\"a\":[2,1]}", "{\"a\":null}", "{}",
            "{\"a\":{\"b\":1}}", "{\"a\":true}", "{\"a\":1.01}");
    assertThat(distinct.stream().map(j -> CanonicalJson.of(Json.parse(j))).distinct()).hasSize(distinct.size());
  }

  @Test
  void orderOfRowsDoesNotMatter() {
    List<Row> rows = rows();
    StoreChecksum forward = sum(rows);
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new java.util.Random(7));
    StoreChecksum other = sum(shuffled);
    assertThat(other.differingTenants(forward)).isEmpty();
    assertThat(other.total().checksum()).isEqualTo(forward.total().checksum()).hasSize(64);
    assertThat(forward.tenants().get("t").versions()).isEqualTo(2);
    assertThat(forward.tenants().get("u").liveFiles()).isEqualTo(1);
  }

  @Test
  void everyColumnCounts() {
    StoreChecksum base = sum(rows());
    Row.Content c = new Row.Content("s3", "p", 1, "e", null, Json.parse("{}"));
    for (Row changed :
        List.<Row>of(
            new Row.Version("f1", "t", 2, new Row.Content("s3", "p", 1, "e", "", Json.parse("{}")), 20, "put"),
            new Row.Version("f1", "t", 2, c, 21, "put"),
            new Row.Version("f1", "t", 2, c, 20, "rollback"),
            new Row.Version("f1", "t", 2, new Row.Content("s3", "p", 2, "e", null, Json.parse("{}")), 20, "put"))) {
      List<Row> rows = rows();
      rows.set(2, changed);
      assertThat(sum(rows).differingTenants(base)).as(changed.toString()).containsExactly("t");
    }
  }

  private static List<Row> rows() {
    Row.Content c = new Row.Content("s3", "p", 1, "e", null, Json.parse("{}"));
    return new ArrayList<>(
        List.of(
            new Row.File("f1", "t", 10),
            new Row.Version("f1", "t", 1, c, 10, "put"),
            new Row.Version("f1", "t", 2, c, 20, "put"),
            new Row.Tombstone("f1", "t", "/gone", 30),
            new Row.File("f2", "u", 11),
            new Row.Entry("f2", "u", "/a/b", c, 1, 11, 11),
            new Row.Version("f2", "u", 1, c, 11, "put")));
  }

  private static StoreChecksum sum(List<Row> rows) {
    StoreChecksum s = new StoreChecksum();
    rows.forEach(s::add);
    return s;
  }
}
