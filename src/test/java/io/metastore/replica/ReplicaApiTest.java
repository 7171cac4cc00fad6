package io.metastore.replica;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service with DATABASE_READ_URL: writes answer with Metastore-Lsn, reads that send it back
 * in Metastore-Min-Lsn see the write, reads without it are served by the replica, and readiness
 * reports the replica while it follows the primary.
 */
@QuarkusTest
@TestProfile(ReplicaProfile.class)
class ReplicaApiTest {
  static final String LSN = "[0-9A-F]{1,8}/[0-9A-F]{1,8}";
  String base;

  @BeforeEach
  void replicaUsable() throws InterruptedException {
    base = "/r" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 200; i++) {
      if ("usable".equals(replica().getString("'replica-0.state'"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the replica never became usable: " + replica().prettify());
  }

  @Test
  void everyWriteAnswersWithItsPositionAndAReadSendingItSeesTheWrite() {
    for (int i = 1; i <= 20; i++) {
      Response put =
          given().contentType("application/json").body(record(i)).put("/api/v1/files" + base + "/f");
      put.then().statusCode(i == 1 ? 201 : 200).header("Metastore-Lsn", matchesPattern(LSN));
      given()
          .header("Metastore-Min-Lsn", put.header("Metastore-Lsn"))
          .get("/api/v1/files" + base + "/f")
          .then()
          .statusCode(200)
          .body("version", equalTo(i))
          .body("size", equalTo(i));
    }
    Response patch =
        given()
            .contentType("application/merge-patch+json")
            .body("{\"attrs\":{\"k\":\"v\"}}")
            .patch("/api/v1/files" + base + "/f");
    patch.then().statusCode(200).header("Metastore-Lsn", matchesPattern(LSN));
    given()
        .header("Metastore-Min-Lsn", patch.header("Metastore-Lsn"))
        .contentType("application/json")
        .body("{\"attrs\":{\"k\":\"v\"},\"prefix\":\"" + base + "\"}")
        .post("/api/v1/query")
        .then()
        .statusCode(200)
        .header("Metastore-Lsn", nullValue())
        .body("items.size()", equalTo(1));
    Response delete = given().delete("/api/v1/files" + base + "/f");
    delete.then().statusCode(204).header("Metastore-Lsn", matchesPattern(LSN));
    given()
        .header("Metastore-Min-Lsn", delete.header("Metastore-Lsn"))
        .get("/api/v1/files" + base + "/f")
        .then()
        .statusCode(404);
  }

  @Test
  void readsWithoutAPositionAreServedByTheReplica() throws InterruptedException {
    given().contentType("application/json").body(record(1)).put("/api/v1/files" + base + "/g").then().statusCode(201);
    long before = replica().getLong("'replica-0.reads'");
    long primaryBefore = replica().getLong("'primary-reads'");
    int found = 0;
    for (int i = 0; i < 10; i++) {
      int status = given().get("/api/v1/files" + base + "/g").statusCode();
      found += status == 200 ? 1 : 0;
      Thread.sleep(20);
    }
    JsonPath after = replica();
    assertThat(after.getLong("'replica-0.reads'")).isEqualTo(before + 10);
    assertThat(after.getLong("'primary-reads'")).isEqualTo(primaryBefore);
    assertThat(found).as("the replica had the file for most reads").isPositive();
  }

  @Test
  void readinessFollowsThePrimaryAndReportsTheReplica() {
    JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertThat(health.getString("status")).isEqualTo("UP");
    Map<String, Object> data = replica().getMap("");
    assertThat(data)
        .containsEntry("replica-0.state", "usable")
        .containsEntry("replica-0.in-recovery", true)
        .containsKeys("replica-0.lag-ms", "replica-0.replay-lsn", "replica-0.url");
    assertThat((String) data.get("replica-0.url")).doesNotContain("@");
  }

  @Test
  void aMalformedMinimumPositionIsRejected() {
    given()
        .header("Metastore-Min-Lsn", "yesterday")
        .get("/api/v1/files" + base + "/nothing")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("Metastore-Min-Lsn"));
  }

  static String record(long size) {
    return "{\"backend\":\"s3\",\"physicalPath\":\"p\",\"size\":" + size + "}";
  }

  /** The data of the read-replicas health check. */
  static JsonPath replica() {
    JsonPath health = given().get("/q/health/ready").jsonPath();
    return new JsonPath(
        health.prettify().isEmpty() ? "{}" : toJson(health.getMap("checks.find { it.name == 'read-replicas' }.data")));
  }

  private static String toJson(Map<String, Object> map) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(map);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
