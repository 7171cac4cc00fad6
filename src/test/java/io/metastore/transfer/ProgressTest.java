package io.metastore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void drawsCountRateAndEtaThenEndsTheLine() throws InterruptedException {
    StringWriter text = new StringWriter();
    Progress p = Progress.to(new PrintWriter(text));
    p.start("importing", 1000);
    p.advance(10);
    assertThat(text.toString()).as("not redrawn more than twice a second").isEmpty();
    Thread.sleep(600);
    p.advance(500);
    p.finish();
    assertThat(text.toString())
        .startsWith("\rimporting: 500 / 1000 rows (50%), ")
        .contains(" rows/s")
        .endsWith("\n");
  }

  @Test
  void silentWithoutAConsole() {
    // Tests run without a console, as pipes and CI do.
    StringWriter text = new StringWriter();
    Progress p = Progress.onConsole(new PrintWriter(text));
    p.start("x", 10);
    p.advance(10);
    p.finish();
    assertThat(text.toString()).isEmpty();
  }

  @Test
  void durations() {
    assertThat(Progress.duration(59)).isEqualTo("59s");
    assertThat(Progress.duration(61)).isEqualTo("1m01s");
    assertThat(Progress.duration(3 * 3600 + 120)).isEqualTo("3h02m");
  }
}
