package io.metastore.bench;

import io.metastore.domain.FileContent;
import io.metastore.store.FileStore.PathContent;
import io.metastore.store.MetadataStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded tree, addressable by index without a list. File {@code i} of {@code n} lives in leaf
 * directory {@code L = i / 200} (200 files per leaf):
 * {@code /projects/p<L/10>/d<L%10>/file-<i>.<ext>}, so 10k files are 5 projects x 10 leaf
 * directories x 200 files (plus 55 implicit directories). Attrs are
 * {@code {"owner":"user<i%50>","project":"p<P>","tags":["q<i%4>","final"|"draft"],"score":<i%100>}},
 * so {@code {"owner":"user7"}} matches 2% of the files.
 */
final class Dataset {
  static final String TENANT = "bench";
  static final int FILES_PER_LEAF = 200;
  static final int LEAVES_PER_PROJECT = 10;
  static final int OWNERS = 50;
  static final int BATCH = 1000;
  private static final String[] EXT = {"parquet", "csv", "json", "bin"};
  private static final String[] MIME = {
    "application/vnd.apache.parquet", "text/csv", "application/json", "application/octet-stream"
  };

  private Dataset() {}

  static int leaves(int files) {
    return (files + FILES_PER_LEAF - 1) / FILES_PER_LEAF;
  }

  static int projects(int files) {
    return (leaves(files) + LEAVES_PER_PROJECT - 1) / LEAVES_PER_PROJECT;
  }

  static String project(int p) {
    return "/projects/p" + p;
  }

  static String leaf(int leaf) {
    return project(leaf / LEAVES_PER_PROJECT) + "/d" + (leaf % LEAVES_PER_PROJECT);
  }

  static String path(int i) {
    return leaf(i / FILES_PER_LEAF) + "/file-" + i + "." + EXT[i % EXT.length];
  }

  static FileContent content(int i, long generation) {
    int p = i / FILES_PER_LEAF / LEAVES_PER_PROJECT;
    String attrs =
        "{\"owner\":\"user" + (i % OWNERS) + "\",\"project\":\"p" + p + "\",\"tags\":[\"q"
            + (i % 4) + "\",\"" + (i % 3 == 0 ? "final" : "draft") + "\"],\"score\":" + (i % 100)
            + "}";
    return new FileContent(
        "s3",
        "s3://bench-bucket/objects/" + (i % 256) + "/" + i + "-g" + generation,
        1024L * (1 + (i % 4096)),
        "\"" + Long.toHexString(i * 0x9E3779B97F4A7C15L ^ generation) + "\"",
        MIME[i % MIME.length],
        attrs);
  }

  /**
   * Seeds files 0..n-1 through putMany in batches of 1000, running {@code afterFirstBatch} once;
   * returns the time it took in ms.
   */
  static long seed(MetadataStore store, int n, Runnable afterFirstBatch) {
    long start = System.nanoTime();
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      List<PathContent> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(new PathContent(path(i), content(i, 0)));
      }
      List<?> written = store.putMany(TENANT, batch).await().indefinitely();
      if (written.size() != batch.size()) {
        throw new IllegalStateException("seeding wrote " + written.size() + " of " + batch.size());
      }
      if (from == 0) {
        afterFirstBatch.run();
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
