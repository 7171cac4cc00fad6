package io.metastore.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A 2xx reply means committed: the packaged service is killed with SIGKILL in the middle of
 * concurrent writes, restarted, and every acknowledged write must be there.
 */
public abstract class CrashDurabilityContract {
  protected abstract String databaseUrl();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void killDashNineLosesNoAcknowledgedWrite() throws Exception {
    String url = databaseUrl();
    int port = TcpProxy.freePort();
    String prefix = "/crash/" + UUID.randomUUID();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Process service = start(url, port);
    try {
      awaitReady(port);
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int id = w;
        Thread t =
            new Thread(
                () -> {
                  for (int i = 0; running.get(); i++) {
                    String path = prefix + "/w" + id + "/f" + i;
                    try {
                      HttpResponse<String> r =
                          http.send(
                              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/files" + path))
                                  .header("Content-Type", "application/json")
                                  .timeout(Duration.ofSeconds(5))
                                  .PUT(HttpRequest.BodyPublishers.ofString("{\"backend\":\"b\",\"physicalPath\":\"p" + i + "\",\"size\":" + i + "}"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (r.statusCode() == 201) {
                        acknowledged.add(path);
                      }
                    } catch (Exception e) {
                      return;
                    }
                  }
                });
        t.start();
        writers.add(t);
      }
      Thread.sleep(1500);
      service.destroyForcibly().waitFor();
      running.set(false);
      for (Thread t : writers) {
        t.join(10_000);
      }
    } finally {
      service.destroyForcibly().waitFor();
    }
    assertThat(acknowledged).as("writes acknowledged before the kill").hasSizeGreaterThan(10);

    Process again = start(url, port);
    try {
      awaitReady(port);
      List<String> missing = new ArrayList<>();
      for (String path : acknowledged) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/files" + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          missing.add(path + " -> " + r.statusCode());
        }
      }
      assertThat(missing).as("acknowledged writes lost after kill -9").isEmpty();
    } finally {
      again.destroy();
      again.waitFor();
    }
  }

  private Process start(String url, int port) throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    assertThat(jar).exists();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dquarkus.http.port=" + port,
            "-jar",
            jar.toString());
    pb.environment().put("DATABASE_URL", url);
    pb.redirectErrorStream(true);
    pb.redirectOutput(new File("target/crash-" + port + ".log"));
    return pb.start();
  }

  private void awaitReady(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("service on port " + port + " never became ready");
  }
}
