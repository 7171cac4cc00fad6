package io.metastore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Attrs;
import io.metastore.domain.FileRecord;
import io.metastore.domain.Json;
import io.metastore.domain.ListItem;
import io.metastore.domain.Page;
import io.metastore.domain.Precondition;
import io.metastore.domain.PutResult;
import io.metastore.store.FileStore.PathContent;
import io.metastore.store.ListRequest;
import io.metastore.store.MetadataStore;
import io.metastore.store.QueryRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store adapters called directly (no HTTP, no JSON views), one fresh database per trial
 * seeded with {@link Dataset} through putMany. Every call blocks the JMH thread with
 * {@code await().indefinitely()} (it is no event loop), so a thread measures one request at a
 * time; the {@code *Threads4} variants put four in flight. Results are checked, so a benchmark
 * cannot silently measure an error or an empty answer.
 *
 * <p>Writes grow the data set during a trial (a create adds a file, a replace a version, a batch
 * 1000 files); the read benchmarks do not change it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class StoreBenchmark {

  @Param({"sqlite", "postgresql"})
  public String database;

  /** Files seeded before the trial; a multiple of 2000 (whole projects), at least 2000. */
  @Param("10000")
  public int files;

  /**
   * PostgreSQL only: ANALYZE after the first seed batch and after seeding, as autovacuum would in
   * a running database. false keeps the plans PostgreSQL cached while the tables were nearly
   * empty (a fresh database, or an import before autovacuum runs); see docs/jmh.md.
   */
  @Param("true")
  public boolean analyze;

  private BenchStore bench;
  private MetadataStore store;
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private JsonNode ownerQuery;
  private String ownerQueryJson;

  @Setup(Level.Trial)
  public void setUp() {
    bench = BenchStore.open(database);
    store = bench.store();
    long ms = Dataset.seed(store, files, analyze ? bench::analyze : () -> {});
    if (analyze) {
      bench.analyze();
    }
    System.out.printf(
        "%n[bench] %s: seeded %d files via putMany(%d) in %d ms (%.0f files/s)%n",
        database, files, Dataset.BATCH, ms, files * 1000.0 / Math.max(1, ms));
    ownerQuery = Json.MAPPER.createObjectNode().put("owner", "user7");
    ownerQueryJson = Attrs.canonical(ownerQuery, "attrs");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bench.close();
  }

  private int randomFile() {
    return ThreadLocalRandom.current().nextInt(files);
  }

  // ------------------------------------------------------------------ reads

  /** get of a random existing file. */
  @Benchmark
  public FileRecord get() {
    return doGet();
  }

  /** The same as {@link #get}, sampling the latency distribution. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public FileRecord getLatency() {
    return doGet();
  }

  @Benchmark
  @Threads(4)
  public FileRecord getThreads4() {
    return doGet();
  }

  private FileRecord doGet() {
    String path = Dataset.path(randomFile());
    FileRecord r = store.get(Dataset.TENANT, path).await().indefinitely();
    if (r == null) {
      throw new IllegalStateException("no file at " + path);
    }
    return r;
  }

  /** First page of 100 of everything below a random project directory (2000 files). */
  @Benchmark
  public Page<ListItem> listRecursive() {
    String dir = Dataset.project(ThreadLocalRandom.current().nextInt(Dataset.projects(files)));
    return fullPage(store.list(Dataset.TENANT, ListRequest.of(dir, true, 100, null)).await().indefinitely(), dir);
  }

  /** First page of 100 direct children of a random leaf directory (200 files). */
  @Benchmark
  public Page<ListItem> listChildren() {
    String dir = Dataset.leaf(ThreadLocalRandom.current().nextInt(Dataset.leaves(files)));
    return fullPage(store.list(Dataset.TENANT, ListRequest.of(dir, false, 100, null)).await().indefinitely(), dir);
  }

  /**
   * Attribute containment {"owner":"user7"} below "/": 2% of the files match, first page of 100.
   * PostgreSQL: jsonb @> on the GIN index; SQLite: key-order scan with a json_each pre-filter.
   */
  @Benchmark
  public Page<FileRecord> queryOwner() {
    Page<FileRecord> page =
        store
            .query(Dataset.TENANT, QueryRequest.of(ownerQuery, ownerQueryJson, "/", 100, null))
            .await()
            .indefinitely();
    int matches = (files + Dataset.OWNERS - 1 - 7) / Dataset.OWNERS;
    return checkPage(page, Math.min(100, matches), matches > 100, "query " + ownerQueryJson);
  }

  private static <T> Page<T> fullPage(Page<T> page, String what) {
    return checkPage(page, 100, true, what);
  }

  private static <T> Page<T> checkPage(Page<T> page, int size, boolean cursor, String what) {
    if (page.items().size() != size || (page.nextCursor() != null) != cursor) {
      throw new IllegalStateException(
          what + ": expected " + size + " items" + (cursor ? " and a cursor" : "") + ", got "
              + page.items().size() + (page.nextCursor() != null ? " and a cursor" : ""));
    }
    return page;
  }

  // ----------------------------------------------------------------- writes

  /** put of a new file (unique path) into a random existing leaf directory. */
  @Benchmark
  public PutResult putCreate() {
    return doPutCreate();
  }

  @Benchmark
  @Threads(4)
  public PutResult putCreateThreads4() {
    return doPutCreate();
  }

  private PutResult doPutCreate() {
    long n = created.incrementAndGet();
    int i = randomFile();
    String path = Dataset.leaf(i / Dataset.FILES_PER_LEAF) + "/new-" + n + ".dat";
    PutResult r =
        store.put(Dataset.TENANT, path, Dataset.content(i, n), Precondition.NONE).await().indefinitely();
    if (!r.created()) {
      throw new IllegalStateException(path + " was replaced, not created");
    }
    return r;
  }

  /** put over a random existing file: a new version. */
  @Benchmark
  public PutResult putReplace() {
    int i = randomFile();
    String path = Dataset.path(i);
    PutResult r =
        store
            .put(Dataset.TENANT, path, Dataset.content(i, generation.incrementAndGet()), Precondition.NONE)
            .await()
            .indefinitely();
    if (r.created()) {
      throw new IllegalStateException(path + " was created, not replaced");
    }
    return r;
  }

  /** putMany of 1000 new files into a new directory tree /imports/b<n>/d<0..9>/. */
  @Benchmark
  public List<FileRecord> putMany1000() {
    long b = batches.incrementAndGet();
    List<PathContent> batch = new ArrayList<>(Dataset.BATCH);
    for (int j = 0; j < Dataset.BATCH; j++) {
      batch.add(
          new PathContent(
              "/imports/b" + b + "/d" + (j % 10) + "/file-" + j + ".dat", Dataset.content(j, b)));
    }
    List<FileRecord> out = store.putMany(Dataset.TENANT, batch).await().indefinitely();
    if (out.size() != Dataset.BATCH) {
      throw new IllegalStateException("putMany wrote " + out.size());
    }
    return out;
  }
}
