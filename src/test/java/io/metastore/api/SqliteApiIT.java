package io.metastore.api;

import io.metastore.PackagedApp;
import io.metastore.TestDatabases;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The REST contract against the packaged application (JVM jar, or native with -Dnative) on SQLite. */
class SqliteApiIT extends ApiContract {
  static PackagedApp app;

  @BeforeAll
  static void start() throws Exception {
    app = PackagedApp.start(TestDatabases.sqliteUrl().replace("sqlite:///", "sqlite:////" + System.getProperty("user.dir").substring(1) + "/"));
    RestAssured.port = app.port();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }
}
