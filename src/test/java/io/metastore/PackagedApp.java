package io.metastore;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the packaged application as its own process: the native executable when
 * {@code -Dnative.image.path} names one that exists (a {@code -Dnative} build), else the JVM
 * fast-jar. Used by the *IT tests, so the same contract runs on what users deploy.
 */
public final class PackagedApp implements AutoCloseable {
  private final Process process;
  private final int port;

  private PackagedApp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static PackagedApp start(String databaseUrl) throws Exception {
    return start(databaseUrl, freePort(), null);
  }

  public static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts the application; with {@code workDir} it runs there (its config/ folder applies) and
   * {@code databaseUrl}/{@code port} are left to that configuration when null / as given.
   */
  public static PackagedApp start(String databaseUrl, int port, Path workDir) throws Exception {
    List<String> cmd = new ArrayList<>();
    String nativeImage = System.getProperty("native.image.path");
    if (nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
      cmd.add(nativeImage);
    } else {
      Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
      if (!Files.exists(jar)) {
        throw new IllegalStateException("no packaged application: run 'mvn package' first");
      }
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-jar");
      cmd.add(jar.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("DATABASE_URL");
    if (databaseUrl != null) {
      pb.environment().put("DATABASE_URL", databaseUrl);
    }
    if (workDir == null) {
      pb.environment().put("PORT", Integer.toString(port));
    } else {
      pb.directory(workDir.toFile());
    }
    pb.redirectErrorStream(true);
    pb.redirectOutput(new File("target/packaged-app-" + port + ".log").getAbsoluteFile());
    PackagedApp app = new PackagedApp(pb.start(), port);
    app.awaitReady();
    return app;
  }

  public int port() {
    return port;
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the application exited with " + process.exitValue()
            + "; see target/packaged-app-" + port + ".log");
      }
      try {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("the application never became ready on port " + port);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
    try {
      String log = Files.readString(Path.of("target/packaged-app-" + port + ".log").toAbsolutePath());
      if (log.contains("has been blocked")) {
        throw new AssertionError("the Vert.x event loop was blocked; see target/packaged-app-" + port + ".log");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
