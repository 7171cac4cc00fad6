package io.metastore.replica;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.metastore.api.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without DATABASE_READ_URL nothing changes: no position header, Metastore-Min-Lsn ignored. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class NoReplicaTest {

  @Test
  void consistencyHeadersMeanNothingWithoutReplicas() {
    String path = "/api/v1/files/n" + UUID.randomUUID().toString().substring(0, 8) + "/f";
    given()
        .contentType("application/json")
        .body(ReplicaApiTest.record(1))
        .put(path)
        .then()
        .statusCode(201)
        .header("Metastore-Lsn", nullValue());
    given().header("Metastore-Min-Lsn", "yesterday").get(path).then().statusCode(200);
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", not(hasItem("read-replicas")));
  }
}
