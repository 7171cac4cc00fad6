package io.metastore.transfer;

import java.io.PrintWriter;

/**
 * Progress on stderr for people watching a terminal: rows done, rate and time left, redrawn at
 * most twice a second. Silent when no console is attached (pipes, CI, tests).
 */
public final class Progress {
  private static final long REDRAW_NANOS = 500_000_000L;
  private final PrintWriter err;
  private String label;
  private long total;
  private long started;
  private long lastDrawn;
  private long done;
  private boolean drawn;

  private Progress(PrintWriter err) {
    this.err = err;
  }

  /** Reports to {@code err} only when the JVM has a console. */
  public static Progress onConsole(PrintWriter err) {
    return System.console() != null ? new Progress(err) : none();
  }

  /** Reports to {@code err} whether or not there is a console. */
  static Progress to(PrintWriter err) {
    return new Progress(err);
  }

  public static Progress none() {
    return new Progress(null);
  }

  /** Starts a phase of {@code total} rows (0 when unknown). */
  public void start(String label, long total) {
    this.label = label;
    this.total = total;
    this.started = System.nanoTime();
    this.lastDrawn = started;
    this.done = 0;
  }

  public void advance(long done) {
    this.done = done;
    if (err == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDrawn >= REDRAW_NANOS) {
      lastDrawn = now;
      draw(now);
    }
  }

  /** Ends the phase, leaving its last state on its own line. */
  public void finish() {
    if (err != null && drawn) {
      draw(System.nanoTime());
      err.print('\n');
      err.flush();
      drawn = false;
    }
  }

  private void draw(long now) {
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    long rate = Math.round(done / seconds);
    StringBuilder line = new StringBuilder("\r").append(label).append(": ").append(done);
    if (total > 0) {
      line.append(" / ").append(total).append(" rows (").append(done * 100 / total).append("%)");
    } else {
      line.append(" rows");
    }
    line.append(", ").append(rate).append(" rows/s");
    if (total > done && rate > 0) {
      line.append(", ETA ").append(duration((total - done) / rate));
    }
    line.append("   ");
    err.print(line);
    err.flush();
    drawn = true;
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + String.format("%02d", seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + String.format("%02d", (seconds % 3600) / 60) + "m";
  }
}
