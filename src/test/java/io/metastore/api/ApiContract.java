package io.metastore.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract of API.md, run against the service on each database. Paths go out exactly
 * as written here (no client-side encoding), so the service sees what a client sends.
 */
public abstract class ApiContract {
  static final String JSON = "application/json";
  static final String PROBLEM = "application/problem+json";
  protected String base;

  /** Vert.x's blocked-thread checker reports here; any report fails the suite. */
  static final java.util.List<String> BLOCKED = new java.util.concurrent.CopyOnWriteArrayList<>();

  static final java.util.logging.Handler BLOCKED_WATCH =
      new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord r) {
          String msg = r.getMessage() == null ? "" : r.getMessage();
          if (msg.contains("has been blocked")) {
            BLOCKED.add(msg);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @org.junit.jupiter.api.BeforeAll
  static void watchEventLoop() {
    java.util.logging.Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker").addHandler(BLOCKED_WATCH);
  }

  @org.junit.jupiter.api.AfterAll
  static void eventLoopNeverBlocked() {
    java.util.logging.Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker").removeHandler(BLOCKED_WATCH);
    assertThat(BLOCKED).as("Vert.x event loop blocked").isEmpty();
  }

  @BeforeEach
  void ready() throws InterruptedException {
    RestAssured.urlEncodingEnabled = false;
    base = "/t" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 300; i++) {
      if (given().get("/q/health/ready").statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("service never became ready");
  }

  static String record(String physical, long size, String attrs) {
    return "{\"backend\":\"s3-main\",\"physicalPath\":\"" + physical + "\",\"size\":" + size
        + ",\"etag\":\"9a03\",\"mimeType\":\"application/pdf\",\"attrs\":" + attrs + "}";
  }

  static RequestSpecification json(String body) {
    return given().contentType(JSON).body(body);
  }

  Response put(String urlPath, String body) {
    return json(body).put("/api/v1/files" + urlPath);
  }

  /** Sends the URL exactly as written: no client-side normalisation of "//", "." or "..". */
  static java.net.http.HttpResponse<String> raw(String method, String url, String body) {
    try {
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://localhost:" + RestAssured.port + url))
              .header("Content-Type", JSON)
              .method(
                  method,
                  body == null
                      ? java.net.http.HttpRequest.BodyPublishers.noBody()
                      : java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build();
      return java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static void problem(Response r, int status, String detailPart) {
    r.then()
        .statusCode(status)
        .contentType(PROBLEM)
        .body("status", equalTo(status))
        .body("title", notNullValue())
        .body("type", notNullValue())
        .body("detail", containsString(detailPart));
  }

  // ------------------------------------------------------------ files

  @Test
  void putGetHeadAndReplace() {
    put(base + "/projects/report.pdf", record("bucket/ab", 1048576, "{\"owner\":\"alice\",\"tags\":[\"q3\"],\"score\":7}"))
        .then()
        .statusCode(201)
        .contentType(JSON)
        .header("ETag", "\"1\"")
        .body("path", equalTo(base + "/projects/report.pdf"))
        .body("version", equalTo(1))
        .body("size", equalTo(1048576))
        .body("attrs.owner", equalTo("alice"))
        .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    Response got = given().get("/api/v1/files" + base + "/projects/report.pdf");
    got.then().statusCode(200).header("ETag", "\"1\"").body("mimeType", equalTo("application/pdf"));
    given().head("/api/v1/files" + base + "/projects/report.pdf").then().statusCode(200).header("ETag", "\"1\"");
    given().head("/api/v1/files" + base + "/nope").then().statusCode(404);
    // A GET body may be sent back as is.
    put(base + "/projects/report.pdf", got.asString()).then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2));
  }

  @Test
  void percentEncodedSegmentsAreDecodedOnce() {
    put(base + "/a%20b/%C3%A9t%C3%A9%25", record("x", 1, "{}")).then().statusCode(201).body("path", equalTo(base + "/a b/été%"));
    given().get("/api/v1/files" + base + "/a%20b/%C3%A9t%C3%A9%25").then().statusCode(200);
    given().get("/api/v1/files" + base + "/a%20b/%c3%a9t%c3%a9%25").then().statusCode(200);
  }

  @Test
  void badPathsInTheUrlAre400() {
    for (String bad :
        List.of(
            base + "/a%2Fb", base + "/a%2fb", base + "//a", base + "/./a", base + "/a/../b", base + "/a/",
            base + "/%FF", base + "/a%00b", base + "/a%01", base + "/a%7F", base + "/a%C2%85", base + "/..",
            base + "/%2E%2E")) {
      var r = raw("GET", "/api/v1/files" + bad, null);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).as(bad).hasValueSatisfying(v -> assertThat(v).startsWith(PROBLEM));
      assertThat(raw("PUT", "/api/v1/files" + bad, record("x", 1, "{}")).statusCode()).as(bad).isEqualTo(400);
      assertThat(raw("GET", "/api/v1/versions" + bad, null).statusCode()).as(bad).isEqualTo(400);
    }
    problem(given().get("/api/v1/files/"), 400, "path");
  }

  @Test
  void pathLengthLimits() {
    StringBuilder longest = new StringBuilder(base);
    while (longest.length() < 4096 - 400) {
      longest.append('/').append("s".repeat(200));
    }
    longest.append('/').append("x".repeat(200)).append('/');
    longest.append("z".repeat(4096 - longest.length()));
    assertThat(longest.length()).isEqualTo(4096);
    put(longest.toString(), record("x", 1, "{}")).then().statusCode(201);
    given().get("/api/v1/files" + longest).then().statusCode(200);
    problem(put(longest + "x", record("x", 1, "{}")), 400, "4096");
    problem(put(base + "/" + "y".repeat(256), record("x", 1, "{}")), 400, "255");
    put(base + "/" + "y".repeat(255), record("x", 1, "{}")).then().statusCode(201);
    // 2-byte characters count as 2 bytes: 128 x 'é' = 256 bytes.
    problem(put(base + "/" + "%C3%A9".repeat(128), record("x", 1, "{}")), 400, "255");
  }

  @Test
  void badBodiesAre400AndChangeNothing() {
    String p = base + "/f";
    problem(put(p, "{not json"), 400, "JSON");
    problem(put(p, ""), 400, "body");
    problem(put(p, "[]"), 400, "body");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1,\"colour\":\"red\"}"), 400, "colour");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":\"12\"}"), 400, "size");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":-1}"), 400, "size");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1.5}"), 400, "size");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":9223372036854775808}"), 400, "size");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\"}"), 400, "size");
    problem(put(p, "{\"physicalPath\":\"p\",\"size\":1}"), 400, "backend");
    problem(put(p, "{\"backend\":\"\",\"physicalPath\":\"p\",\"size\":1}"), 400, "backend");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":7,\"size\":1}"), 400, "physicalPath");
    problem(put(p, "{\"backend\":\"" + "b".repeat(1025) + "\",\"physicalPath\":\"p\",\"size\":1}"), 400, "backend");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1,\"attrs\":[1]}"), 400, "attrs");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1,\"attrs\":{\"k\":\"a\\u0000b\"}}"), 400, "U+0000");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1,\"attrs\":{\"a\\u0000\":1}}"), 400, "U+0000");
    problem(put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1,\"attrs\":{\"big\":\"" + "x".repeat(65_600) + "\"}}"), 400, "attrs");
    problem(put(p, "{\"path\":\"/other\",\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1}"), 400, "path");
    problem(given().contentType("text/plain").body(record("x", 1, "{}")).put("/api/v1/files" + p), 415, "Content-Type");
    given().get("/api/v1/files" + p).then().statusCode(404).contentType(PROBLEM);
    // Ignored members of a GET body.
    put(p, "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1,\"version\":9,\"createdAt\":\"x\",\"modifiedAt\":\"y\",\"type\":\"file\"}")
        .then().statusCode(201).body("version", equalTo(1));
  }

  @Test
  void attrsOfExactly64KiBAreAccepted() {
    String prefix = "{\"big\":\"";
    String suffix = "\"}";
    String value = "x".repeat(65_536 - prefix.length() - suffix.length());
    put(base + "/edge", record("x", 1, prefix + value + suffix)).then().statusCode(201);
    problem(put(base + "/edge2", record("x", 1, prefix + value + "y" + suffix)), 400, "65536");
  }

  @Test
  void bodiesOver8MiBAre413() {
    byte[] big = new byte[8 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    problem(given().contentType(JSON).body(big).put("/api/v1/files" + base + "/huge"), 413, "8 MiB");
    var chunked = new java.io.ByteArrayInputStream(big);
    var r = raw("PUT", "/api/v1/files" + base + "/huge", null);
    assertThat(r.statusCode()).isNotEqualTo(201);
    try {
      var request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + RestAssured.port + "/api/v1/files" + base + "/huge"))
              .header("Content-Type", JSON)
              .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> chunked))
              .build();
      var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(PROBLEM));
    } catch (java.io.IOException e) {
      // the server may close the connection while the client still sends: also a refusal
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    given().get("/api/v1/files" + base + "/huge").then().statusCode(404);
  }

  @Test
  void fileVersusDirectoryConflicts() {
    put(base + "/a", record("x", 1, "{}")).then().statusCode(201);
    problem(put(base + "/a/b", record("x", 1, "{}")), 409, base + "/a");
    put(base + "/d/e", record("x", 1, "{}")).then().statusCode(201);
    problem(put(base + "/d", record("x", 1, "{}")), 409, "directory");
    problem(given().delete("/api/v1/files" + base + "/d"), 409, "recursive");
    problem(given().header("If-Match", "\"1\"").delete("/api/v1/files" + base + "/d?recursive=true"), 400, "If-Match");
    given().delete("/api/v1/files" + base + "/d?recursive=true").then().statusCode(204);
    given().get("/api/v1/files" + base + "/d/e").then().statusCode(404);
    problem(given().delete("/api/v1/files" + base + "/d"), 404, base + "/d");
  }

  @Test
  void conditionalRequests() {
    String url = "/api/v1/files" + base + "/c";
    problem(json(record("x", 1, "{}")).header("If-Match", "*").put(url), 412, "");
    json(record("x", 1, "{}")).header("If-None-Match", "*").put(url).then().statusCode(201);
    problem(json(record("x", 1, "{}")).header("If-None-Match", "*").put(url), 412, "");
    problem(json(record("x", 1, "{}")).header("If-Match", "\"7\"").put(url), 412, "version 1");
    json(record("y", 1, "{}")).header("If-Match", "\"1\"").put(url).then().statusCode(200).header("ETag", "\"2\"");
    given().header("If-None-Match", "\"2\"").get(url).then().statusCode(304);
    problem(given().contentType("application/merge-patch+json").body("{\"attrs\":{}}").header("If-Match", "\"1\"").patch(url), 412, "");
    problem(given().header("If-Match", "\"1\"").delete(url), 412, "");
    given().header("If-Match", "\"2\"").delete(url).then().statusCode(204);
    problem(given().header("If-Match", "*").delete(url), 412, "");
  }

  @Test
  void mergePatchOnAttrs() {
    String url = "/api/v1/files" + base + "/m";
    put(base + "/m", record("x", 1, "{\"k\":\"v\",\"old\":1}")).then().statusCode(201);
    given().contentType("application/merge-patch+json").body("{\"attrs\":{\"k\":\"w\",\"old\":null,\"n\":{\"a\":1}}}").patch(url)
        .then().statusCode(200).header("ETag", "\"1\"")
        .body("version", equalTo(1)).body("attrs.k", equalTo("w")).body("attrs.old", nullValue()).body("attrs.n.a", equalTo(1));
    problem(given().contentType(JSON).body("{\"attrs\":{}}").patch(url), 415, "");
    problem(given().contentType("application/merge-patch+json").body("{\"size\":3}").patch(url), 400, "size");
    problem(given().contentType("application/merge-patch+json").body("{\"attrs\":5}").patch(url), 400, "attrs");
    problem(given().contentType("application/merge-patch+json").body("{\"attrs\":{}}").patch("/api/v1/files" + base + "/none"), 404, "");
  }

  // ------------------------------------------------------------ listing and query

  @Test
  void listingDirectChildrenAndRecursive() {
    for (String p : List.of("/a/1", "/a/sub/2", "/ab/3", "/a%25/4", "/a_/5")) {
      put(base + p, record("x", 1, "{}")).then().statusCode(201);
    }
    given().get("/api/v1/files?prefix=" + base + "/a").then().statusCode(200)
        .body("items", hasSize(2))
        .body("items[0].path", equalTo(base + "/a/1")).body("items[0].type", equalTo("file")).body("items[0].version", equalTo(1))
        .body("items[1].path", equalTo(base + "/a/sub")).body("items[1].type", equalTo("dir"))
        .body("nextCursor", nullValue());
    given().get("/api/v1/files?prefix=" + base + "/a/&recursive=true").then().statusCode(200).body("items", hasSize(2));
    given().get("/api/v1/files?prefix=" + base + "/a%25&recursive=true").then().body("items", hasSize(1)).body("items[0].path", equalTo(base + "/a%/4"));
    given().get("/api/v1/files?prefix=" + base + "/a_&recursive=true").then().body("items", hasSize(1));
    given().get("/api/v1/files?prefix=" + base + "/zzz").then().statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
    List<String> all = new ArrayList<>();
    String cursor = null;
    do {
      Response r = given().get("/api/v1/files?prefix=" + base + "&recursive=true&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      r.then().statusCode(200);
      all.addAll(r.jsonPath().getList("items.path"));
      cursor = r.jsonPath().getString("nextCursor");
    } while (cursor != null);
    assertThat(all).containsExactly(base + "/a%/4", base + "/a/1", base + "/a/sub/2", base + "/a_/5", base + "/ab/3");
  }

  @Test
  void listingParametersAreChecked() {
    problem(given().get("/api/v1/files?limit=0"), 400, "limit");
    problem(given().get("/api/v1/files?limit=1001"), 400, "limit");
    problem(given().get("/api/v1/files?limit=ten"), 400, "limit");
    problem(given().get("/api/v1/files?prefix=relative"), 400, "prefix");
    problem(given().get("/api/v1/files?recursive=maybe"), 400, "recursive");
    problem(given().get("/api/v1/files?cursor=bm90LWEtY3Vyc29y"), 400, "cursor");
    put(base + "/p/1", record("x", 1, "{}"));
    put(base + "/p/2", record("x", 1, "{}"));
    String cursor = given().get("/api/v1/files?prefix=" + base + "/p&limit=1").jsonPath().getString("nextCursor");
    assertThat(cursor).isNotNull();
    problem(given().get("/api/v1/files?prefix=" + base + "/p&limit=1&recursive=true&cursor=" + cursor), 400, "cursor");
    given().get("/api/v1/files?prefix=" + base + "/p&limit=1&cursor=" + cursor).then().statusCode(200).body("items[0].path", equalTo(base + "/p/2"));
    given().get("/api/v1/files?limit=1000").then().statusCode(200);
  }

  @Test
  void attributeQuery() {
    put(base + "/q/a", record("a", 1, "{\"owner\":\"alice\",\"tags\":[\"q3\",\"final\"],\"score\":7}"));
    put(base + "/q/b", record("b", 1, "{\"owner\":\"bob\",\"score\":\"7\"}"));
    put(base + "/qq/c", record("c", 1, "{\"owner\":\"alice\"}"));
    json("{\"attrs\":{\"owner\":\"alice\"},\"prefix\":\"" + base + "/q\"}").post("/api/v1/query")
        .then().statusCode(200).body("items", hasSize(1)).body("items[0].path", equalTo(base + "/q/a")).body("nextCursor", nullValue());
    json("{\"attrs\":{\"score\":7},\"prefix\":\"" + base + "\"}").post("/api/v1/query").then().body("items.path", equalTo(List.of(base + "/q/a")));
    json("{\"attrs\":{\"tags\":[\"final\"]},\"prefix\":\"" + base + "\",\"limit\":1,\"cursor\":null}").post("/api/v1/query").then().body("items", hasSize(1));
    problem(json("{\"attrs\":[1]}").post("/api/v1/query"), 400, "attrs");
    problem(json("{\"attrs\":{},\"limit\":0}").post("/api/v1/query"), 400, "limit");
    problem(json("{\"attrs\":{},\"sort\":\"x\"}").post("/api/v1/query"), 400, "sort");
    problem(json("{\"attrs\":{},\"cursor\":\"zz\"}").post("/api/v1/query"), 400, "cursor");
  }

  // ------------------------------------------------------------ batches, rename, versions

  @Test
  void batches() {
    put(base + "/b/1", record("x", 1, "{}"));
    json("{\"paths\":[\"" + base + "/b/1\",\"" + base + "/none\"]}").post("/api/v1/batch/get")
        .then().statusCode(200).body("items", hasSize(2)).body("items[0].path", equalTo(base + "/b/1")).body("items[1]", nullValue());
    json("{\"files\":[{\"path\":\"" + base + "/b/2\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":2},"
            + "{\"path\":\"" + base + "/b/1\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":3}]}")
        .post("/api/v1/batch/put").then().statusCode(200).body("items.version", equalTo(List.of(1, 2)));
    problem(json("{\"files\":[{\"path\":\"" + base + "/b/3\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":2},"
            + "{\"path\":\"" + base + "/b/4\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":-2}]}").post("/api/v1/batch/put"), 400, "files[1]");
    given().get("/api/v1/files" + base + "/b/3").then().statusCode(404);
    problem(json("{\"files\":[{\"path\":\"" + base + "/b/3\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":2},"
            + "{\"path\":\"" + base + "/b/3\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":2}]}").post("/api/v1/batch/put"), 400, "files[1]");
    problem(json("{\"files\":[{\"path\":\"" + base + "/b/1/x\",\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":2}]}").post("/api/v1/batch/put"), 409, "files[0]");
    StringBuilder many = new StringBuilder("{\"paths\":[");
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append("\"/p").append(i).append('"');
    }
    problem(json(many + "]}").post("/api/v1/batch/get"), 400, "1000");
    problem(json("{\"paths\":[\"/a\",\"/a\"]}").post("/api/v1/batch/delete"), 400, "paths[1]");
    problem(json("{\"paths\":[\"/a\",\"bad\"]}").post("/api/v1/batch/get"), 400, "paths[1]");
    json("{\"paths\":[\"" + base + "/b/2\",\"" + base + "/gone\"]}").post("/api/v1/batch/delete")
        .then().statusCode(200).body("deleted", equalTo(List.of(base + "/b/2"))).body("missing", equalTo(List.of(base + "/gone")));
  }

  @Test
  void renameFilesAndDirectories() {
    put(base + "/src/1", record("x", 1, "{}"));
    put(base + "/src/d/2", record("x", 1, "{}"));
    put(base + "/taken", record("x", 1, "{}"));
    problem(json("{\"from\":\"" + base + "/missing\",\"to\":\"" + base + "/z\"}").post("/api/v1/rename"), 404, "missing");
    problem(json("{\"from\":\"" + base + "/src\",\"to\":\"" + base + "/taken\"}").post("/api/v1/rename"), 409, "taken");
    problem(json("{\"from\":\"" + base + "/src\",\"to\":\"" + base + "/src/in\"}").post("/api/v1/rename"), 400, "to");
    problem(json("{\"from\":\"" + base + "/src\"}").post("/api/v1/rename"), 400, "to");
    json("{\"from\":\"" + base + "/src\",\"to\":\"" + base + "/dst\"}").post("/api/v1/rename").then().statusCode(200).body("renamed", equalTo(2));
    given().get("/api/v1/files" + base + "/dst/d/2").then().statusCode(200);
    given().get("/api/v1/versions" + base + "/dst/d/2").then().statusCode(200).body("items", hasSize(1));
    given().get("/api/v1/files" + base + "/src/1").then().statusCode(404);
  }

  @Test
  void versionsAndRollback() {
    put(base + "/v", record("one", 1, "{\"v\":1}"));
    put(base + "/v", record("two", 2, "{\"v\":2}"));
    given().get("/api/v1/versions" + base + "/v").then().statusCode(200)
        .body("items.version", equalTo(List.of(2, 1))).body("items[0].source", equalTo("put"))
        .body("items[1].physicalPath", equalTo("one")).body("items[1].attrs.v", equalTo(1)).body("nextCursor", nullValue());
    Response page = given().get("/api/v1/versions" + base + "/v?limit=1");
    page.then().body("items.version", equalTo(List.of(2)));
    given().get("/api/v1/versions" + base + "/v?limit=1&cursor=" + page.jsonPath().getString("nextCursor"))
        .then().body("items.version", equalTo(List.of(1))).body("nextCursor", nullValue());
    given().get("/api/v1/versions" + base + "/v?version=1").then().statusCode(200).body("version", equalTo(1)).body("size", equalTo(1));
    problem(given().get("/api/v1/versions" + base + "/v?version=9"), 404, "9");
    problem(given().get("/api/v1/versions" + base + "/v?version=x"), 400, "version");
    problem(given().get("/api/v1/versions" + base + "/never"), 404, "never");
    json("{\"path\":\"" + base + "/v\",\"version\":1}").post("/api/v1/rollback").then().statusCode(200)
        .header("ETag", "\"3\"").body("version", equalTo(3)).body("physicalPath", equalTo("one"));
    given().get("/api/v1/versions" + base + "/v?version=3").then().body("source", equalTo("rollback"));
    given().delete("/api/v1/files" + base + "/v").then().statusCode(204);
    given().get("/api/v1/versions" + base + "/v").then().statusCode(200).body("items", hasSize(3));
    json("{\"path\":\"" + base + "/v\",\"version\":2}").post("/api/v1/rollback").then().statusCode(200).body("version", equalTo(4));
    problem(json("{\"path\":\"" + base + "/v\",\"version\":0}").post("/api/v1/rollback"), 400, "version");
    problem(json("{\"path\":\"" + base + "/v\",\"version\":99}").post("/api/v1/rollback"), 404, "99");
  }

  @Test
  void statsCountCurrentFiles() {
    Response before = given().get("/api/v1/stats");
    before.then().statusCode(200).body("database", notNullValue()).body("schemaVersion", notNullValue());
    long files = before.jsonPath().getLong("files");
    put(base + "/s1", record("x", 10, "{}"));
    put(base + "/s2", record("x", 5, "{}"));
    Response after = given().get("/api/v1/stats");
    assertThat(after.jsonPath().getLong("files")).isEqualTo(files + 2);
  }

  // ------------------------------------------------------------ robustness and operations

  @Test
  void garbageNeverGives500() {
    byte[] junk = new byte[512];
    new java.util.Random(7).nextBytes(junk);
    for (String url : List.of("/api/v1/files" + base + "/j", "/api/v1/query", "/api/v1/batch/get", "/api/v1/batch/put",
        "/api/v1/batch/delete", "/api/v1/rename", "/api/v1/rollback")) {
      Response r = given().contentType(JSON).body(junk).request(url.contains("/files/") ? "PUT" : "POST", url);
      assertThat(r.statusCode()).as(url).isEqualTo(400);
      assertThat(r.contentType()).startsWith(PROBLEM);
      Response n = given().contentType(JSON).body("null").request(url.contains("/files/") ? "PUT" : "POST", url);
      assertThat(n.statusCode()).as(url + " null").isEqualTo(400);
      Response s = given().contentType(JSON).body("\"x\"".getBytes(StandardCharsets.UTF_8)).request(url.contains("/files/") ? "PUT" : "POST", url);
      assertThat(s.statusCode()).as(url + " string").isEqualTo(400);
    }
    problem(given().contentType(JSON).body("{}").post("/api/v1/files" + base + "/x"), 405, "");
  }

  @Test
  void operationsEndpoints() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    String openapi = given().get("/q/openapi?format=json").asString();
    assertThat(openapi).contains("/api/v1/files/{path}", "/api/v1/versions/{path}", "/api/v1/batch/put", "application/problem+json");
  }
}
