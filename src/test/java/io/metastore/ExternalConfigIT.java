package io.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/application.yaml in the working directory configures the packaged service. */
class ExternalConfigIT {
  @Test
  void workingDirectoryConfigFileIsPickedUp(@TempDir Path dir) throws Exception {
    int port = PackagedApp.freePort();
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        dir.resolve("config/application.yaml"),
        "quarkus:\n  http:\n    port: " + port + "\nmetastore:\n  database-url: \"sqlite:///store/from-yaml.db\"\n");
    try (PackagedApp app = PackagedApp.start(null, port, dir)) {
      HttpResponse<String> stats =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.body()).contains("\"database\":\"sqlite\"");
      assertThat(dir.resolve("store/from-yaml.db")).exists();
    }
  }
}
