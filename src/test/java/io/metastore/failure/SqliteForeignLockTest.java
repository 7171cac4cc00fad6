package io.metastore.failure;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.config.DatabaseUrl;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Another process holding the SQLite write lock past the busy timeout: writes get 503 with
 * Retry-After (never "database is locked" as a 500), reads go on, and writes resume after.
 */
@QuarkusTest
@TestProfile(SqliteLockProfile.class)
class SqliteForeignLockTest {
  @Test
  void writesWaitThenGet503WhileReadsGoOn() throws Exception {
    String body = "{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":1}";
    for (int i = 0; i < 300 && given().get("/q/health/ready").statusCode() != 200; i++) {
      Thread.sleep(100);
    }
    given().contentType("application/json").body(body).put("/api/v1/files/locked/existing").then().statusCode(201);
    String jdbc = DatabaseUrl.parse(SqliteLockProfile.URL).jdbcUrl();
    try (Connection other = DriverManager.getConnection(jdbc); Statement st = other.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      st.execute("INSERT INTO files (id, tenant_id, created_at) VALUES ('held', 'x', 0)");
      Response r = given().contentType("application/json").body(body).put("/api/v1/files/locked/new");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotBlank();
      assertThat(r.body().asString()).contains("locked");
      given().get("/api/v1/files/locked/existing").then().statusCode(200);
      st.execute("ROLLBACK");
    }
    given().contentType("application/json").body(body).put("/api/v1/files/locked/new").then().statusCode(201);
  }
}
