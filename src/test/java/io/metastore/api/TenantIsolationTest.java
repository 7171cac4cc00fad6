package io.metastore.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With auth on, a token selects a tenant, and no tenant sees or changes another's data. */
@QuarkusTest
@TestProfile(AuthProfile.class)
class TenantIsolationTest {
  static final String BODY = "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":5}";

  @BeforeEach
  void ready() throws InterruptedException {
    for (int i = 0; i < 300 && given().get("/q/health/ready").statusCode() != 200; i++) {
      Thread.sleep(100);
    }
  }

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  @Test
  void tokensAreRequired() {
    given().get("/api/v1/stats").then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    as("wrong").get("/api/v1/stats").then().statusCode(401);
    given().header("Authorization", "Basic eDp5").get("/api/v1/files").then().statusCode(401);
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void tenantsAreIsolated() {
    as("token-alice").contentType("application/json").body(BODY).put("/api/v1/files/iso/a").then().statusCode(201);
    as("token-bob").get("/api/v1/files/iso/a").then().statusCode(404);
    as("token-bob").head("/api/v1/files/iso/a").then().statusCode(404);
    as("token-bob").get("/api/v1/files?prefix=/iso&recursive=true").then().statusCode(200).body("items", hasSize(0));
    as("token-bob").contentType("application/json").body("{\"attrs\":{}}").post("/api/v1/query").then().body("items", hasSize(0));
    as("token-bob").delete("/api/v1/files/iso/a").then().statusCode(404);
    as("token-bob").contentType("application/merge-patch+json").body("{\"attrs\":{\"x\":1}}").patch("/api/v1/files/iso/a").then().statusCode(404);
    as("token-bob").get("/api/v1/versions/iso/a").then().statusCode(404);
    as("token-bob").contentType("application/json").body("{\"from\":\"/iso/a\",\"to\":\"/iso/b\"}").post("/api/v1/rename").then().statusCode(404);
    as("token-bob").get("/api/v1/stats").then().body("files", equalTo(0));
    as("token-bob").contentType("application/json").body(BODY).put("/api/v1/files/iso/a").then().statusCode(201);
    as("token-alice").get("/api/v1/files/iso/a").then().statusCode(200).body("version", equalTo(1));
    as("token-alice").get("/api/v1/stats").then().body("files", equalTo(1)).body("bytes", equalTo(5));
  }
}
