package io.metastore.failure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * API.md "Failure behaviour" for PostgreSQL: down at start-up the process stays up (live, not
 * ready) and retries; while the database is unreachable every request gets 503 + Retry-After
 * within 10 s and readiness goes DOWN within 5 s; once it is back, service resumes within 15 s.
 */
@QuarkusTest
@TestProfile(UnreachablePostgresProfile.class)
class DatabaseOutageTest {
  static final TcpProxy PROXY =
      new TcpProxy(UnreachablePostgresProfile.PROXY_PORT, UnreachablePostgresProfile.targetPort());

  @AfterAll
  static void stopProxy() {
    PROXY.close();
  }

  @Test
  void outageAndRecovery() throws Exception {
    String path = "/outage/" + UUID.randomUUID();
    String body = "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1}";

    // Down at start-up: alive, not ready, API answers 503 with Retry-After.
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(503);
    Response early = given().contentType("application/json").body(body).put("/api/v1/files" + path);
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(early.header("Retry-After")).isNotBlank();
    assertThat(early.contentType()).startsWith("application/problem+json");

    // Database appears: ready and serving within 15 s, no restart.
    PROXY.start();
    within(Duration.ofSeconds(15), () -> given().get("/q/health/ready").statusCode() == 200);
    given().contentType("application/json").body(body).put("/api/v1/files" + path).then().statusCode(201);

    // Database goes away: readiness DOWN within 5 s, every request 503 within 10 s.
    PROXY.stop();
    within(Duration.ofSeconds(5), () -> given().get("/q/health/ready").statusCode() == 503);
    for (String method : new String[] {"GET", "PUT"}) {
      long start = System.nanoTime();
      Response r =
          method.equals("GET")
              ? given().get("/api/v1/files" + path)
              : given().contentType("application/json").body(body).put("/api/v1/files" + path);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.statusCode()).as(method).isEqualTo(503);
      assertThat(r.header("Retry-After")).as(method).isNotBlank();
      assertThat(millis).as(method + " answered within 10 s").isLessThan(10_000);
    }
    given().get("/q/health/live").then().statusCode(200);

    // Back again: service resumes within 15 s; the acknowledged write is there.
    PROXY.start();
    within(Duration.ofSeconds(15), () -> given().get("/api/v1/files" + path).statusCode() == 200);
    given().get("/q/health/ready").then().statusCode(200);
  }

  static void within(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met within " + limit);
  }
}
