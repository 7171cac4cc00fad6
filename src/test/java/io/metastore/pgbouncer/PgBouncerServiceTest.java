package io.metastore.pgbouncer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The service configured with {@code ?pgbouncer=true} behind PgBouncer in transaction pooling
 * mode: it migrates and becomes ready through it, and serves concurrent writes and reads (more
 * client connections than PgBouncer has server connections). The store contract through PgBouncer
 * is {@link PgBouncerMetadataStoreTest}.
 */
@QuarkusTest
@TestProfile(PgBouncerProfile.class)
class PgBouncerServiceTest {

  @Test
  void readyAndServingConcurrentRequestsThroughPgBouncer() throws Exception {
    awaitReady();
    String base = "/b" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorService clients = Executors.newFixedThreadPool(24);
    try {
      List<Future<List<Integer>>> results =
          IntStream.range(0, 96)
              .mapToObj(
                  i ->
                      clients.submit(
                          () -> {
                            String path = "/api/v1/files" + base + "/d" + (i % 4) + "/f" + i;
                            int put =
                                given()
                                    .contentType("application/json")
                                    .body("{\"backend\":\"s3\",\"physicalPath\":\"p\",\"size\":" + i
                                        + ",\"attrs\":{\"even\":" + (i % 2 == 0) + "}}")
                                    .put(path)
                                    .statusCode();
                            int get = given().get(path).statusCode();
                            int list =
                                given().queryParam("prefix", base).get("/api/v1/files").statusCode();
                            return List.of(put, get, list);
                          }))
              .toList();
      for (Future<List<Integer>> r : results) {
        assertThat(r.get()).containsExactly(201, 200, 200);
      }
    } finally {
      clients.shutdownNow();
    }
    given()
        .contentType("application/json")
        .body("{\"attrs\":{\"even\":true},\"prefix\":\"" + base + "\",\"limit\":1000}")
        .post("/api/v1/query")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(48));
    given()
        .contentType("application/json")
        .body("{\"from\":\"" + base + "/d0\",\"to\":\"" + base + "/moved\"}")
        .post("/api/v1/rename")
        .then()
        .statusCode(200)
        .body("renamed", equalTo(24));
    given()
        .queryParam("prefix", base)
        .queryParam("recursive", "true")
        .queryParam("limit", "1000")
        .get("/api/v1/files")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(96));
  }

  private static void awaitReady() throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (given().get("/q/health/ready").statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the service never became ready through PgBouncer");
  }
}
