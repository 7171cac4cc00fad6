package io.metastore.api;

import io.metastore.PackagedApp;
import io.metastore.TestDatabases;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The REST contract against the packaged application on PostgreSQL. */
class PostgresApiIT extends ApiContract {
  static PackagedApp app;

  @BeforeAll
  static void start() throws Exception {
    app = PackagedApp.start(TestDatabases.postgresUrl());
    RestAssured.port = app.port();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }
}
