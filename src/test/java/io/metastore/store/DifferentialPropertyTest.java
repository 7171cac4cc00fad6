package io.metastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Attrs;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.Json;
import io.metastore.domain.ListItem;
import io.metastore.domain.Page;
import io.metastore.domain.Precondition;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * SQLite and PostgreSQL must be indistinguishable: random sequences of puts, patches, deletes,
 * renames, rollbacks, listings and queries run against both, and every observable result (records
 * without timestamps, errors by kind, order, pagination) must be the same.
 */
class DifferentialPropertyTest {
  private static final MetadataStore SQLITE = StoreFactory.sqlite();
  private static final MetadataStore POSTGRES = StoreFactory.postgres();

  interface Op {}

  record Put(String path, String attrs, long size, String ifMatch) implements Op {}

  record Patch(String path, String patch) implements Op {}

  record Delete(String path, boolean recursive) implements Op {}

  record Rename(String from, String to) implements Op {}

  record ListOp(String dir, boolean recursive, int limit) implements Op {}

  record QueryOp(String attrs, String dir, int limit) implements Op {}

  record Rollback(String path, long version) implements Op {}

  record Batch(List<String> paths, String attrs) implements Op {}

  @Property(tries = 100)
  void sqliteAndPostgresAgree(@ForAll("sequences") @Size(min = 5, max = 40) List<Op> ops) {
    String tenant = "diff-" + UUID.randomUUID();
    for (Op op : ops) {
      Object a = observe(SQLITE, tenant, op);
      Object b = observe(POSTGRES, tenant, op);
      assertThat(a).as(op.toString()).isEqualTo(b);
    }
    for (int limit : new int[] {1, 3, 1000}) {
      assertThat(observe(SQLITE, tenant, new ListOp("/", true, limit)))
          .isEqualTo(observe(POSTGRES, tenant, new ListOp("/", true, limit)));
    }
  }

  @Provide
  Arbitrary<List<Op>> sequences() {
    Arbitrary<String> segment =
        Arbitraries.of("a", "B", "%", "_", "\\", "é", "x y", "a.b", "😀", "\uE000");
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(s -> "/" + String.join("/", s));
    Arbitrary<String> top = segment.map(s -> "/" + s);
    Arbitrary<String> dir = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just("/")), net.jqwik.api.Tuple.of(2, top));
    Arbitrary<String> attrs =
        Arbitraries.of(
            "{}", "{\"owner\":\"alice\"}", "{\"owner\":\"bob\",\"n\":7}", "{\"n\":\"7\"}", "{\"n\":7.0,\"t\":[\"q3\",\"x\"]}",
            "{\"t\":[\"q3\"],\"o\":{\"k\":true}}", "{\"o\":{\"k\":false,\"z\":null}}");
    Arbitrary<String> queries =
        Arbitraries.of(
            "{}", "{\"owner\":\"alice\"}", "{\"n\":7}", "{\"n\":\"7\"}", "{\"t\":[\"q3\"]}", "{\"t\":[]}",
            "{\"o\":{\"k\":true}}", "{\"o\":{}}", "{\"t\":\"q3\"}", "{\"o\":{\"z\":null}}");
    Arbitrary<String> patches =
        Arbitraries.of("{\"owner\":null}", "{\"owner\":\"carol\",\"n\":7}", "{\"o\":{\"k\":true}}", "{\"t\":[\"q3\"]}");
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Combinators.combine(path, attrs, Arbitraries.longs().between(0, 1000),
                Arbitraries.of("", "", "", "*", "\"1\"", "\"2\"")).as((p, a, s, m) -> (Op) new Put(p, a, s, m.isEmpty() ? null : m))),
            net.jqwik.api.Tuple.of(1, Combinators.combine(path, patches).as((p, x) -> (Op) new Patch(p, x))),
            net.jqwik.api.Tuple.of(2, Combinators.combine(path, Arbitraries.of(true, false)).as((p, r) -> (Op) new Delete(p, r))),
            net.jqwik.api.Tuple.of(2, Combinators.combine(path, path).as((f, t) -> (Op) new Rename(f, t))),
            net.jqwik.api.Tuple.of(2, Combinators.combine(dir, Arbitraries.of(true, false), Arbitraries.integers().between(1, 4)).as((d, r, l) -> (Op) new ListOp(d, r, l))),
            net.jqwik.api.Tuple.of(4, Combinators.combine(queries, dir, Arbitraries.integers().between(1, 3)).as((q, d, l) -> (Op) new QueryOp(q, d, l))),
            net.jqwik.api.Tuple.of(1, Combinators.combine(path, Arbitraries.longs().between(1, 3)).as((p, v) -> (Op) new Rollback(p, v))),
            net.jqwik.api.Tuple.of(2, Combinators.combine(path.list().ofMinSize(1).ofMaxSize(4).uniqueElements(), attrs).as((ps, a) -> (Op) new Batch(ps, a))));
    return op.list();
  }

  /** What a client can see of one operation: its result without timestamps, or its error kind. */
  private static Object observe(MetadataStore store, String tenant, Op op) {
    try {
      if (op instanceof Put p) {
        FileContent c = FileContent.fromJson(
            Json.parse("{\"backend\":\"s\",\"physicalPath\":\"p\",\"size\":" + p.size() + ",\"attrs\":" + p.attrs() + "}"), null, "");
        var r = await(store.put(tenant, p.path(), c, Precondition.of(p.ifMatch(), null)));
        return List.of(r.created(), view(r.record()));
      }
      if (op instanceof Batch b) {
        List<FileStore.PathContent> entries = new ArrayList<>();
        for (String p : b.paths()) {
          entries.add(new FileStore.PathContent(p, FileContent.fromJson(
              Json.parse("{\"backend\":\"s\",\"physicalPath\":\"b\",\"size\":1,\"attrs\":" + b.attrs() + "}"), null, "")));
        }
        return await(store.putMany(tenant, entries)).stream().map(DifferentialPropertyTest::view).toList();
      }
      if (op instanceof Patch p) {
        return view(await(store.patchAttrs(tenant, p.path(), Json.parse(p.patch()), Precondition.NONE)));
      }
      if (op instanceof Delete d) {
        return await(store.delete(tenant, d.path(), Precondition.NONE, d.recursive()));
      }
      if (op instanceof Rename r) {
        return await(store.rename(tenant, r.from(), r.to()));
      }
      if (op instanceof Rollback r) {
        return view(await(store.rollback(tenant, r.path(), r.version())));
      }
      if (op instanceof ListOp l) {
        return pages(c -> await(store.list(tenant, ListRequest.of(l.dir(), l.recursive(), l.limit(), c))),
            i -> i.isDirectory() ? "dir " + i.path() : view(i.record()));
      }
      QueryOp q = (QueryOp) op;
      JsonNode attrs = Json.parse(q.attrs());
      return pages(c -> await(store.query(tenant, QueryRequest.of(attrs, Attrs.canonical(attrs, "attrs"), q.dir(), q.limit(), c))),
          DifferentialPropertyTest::view);
    } catch (RuntimeException e) {
      return "error " + e.getClass().getSimpleName();
    }
  }

  private static <T> List<Object> pages(Function<String, Page<T>> fetch, Function<T, Object> view) {
    List<Object> out = new ArrayList<>();
    String cursor = null;
    do {
      Page<T> page = fetch.apply(cursor);
      List<Object> items = new ArrayList<>();
      page.items().forEach(i -> items.add(view.apply(i)));
      out.add(items);
      out.add(page.nextCursor() != null);
      cursor = page.nextCursor();
    } while (cursor != null);
    return out;
  }

  private static Object view(FileRecord r) {
    FileContent c = r.content();
    return List.of(r.path(), c.backend(), c.physicalPath(), c.size(), String.valueOf(c.etag()),
        String.valueOf(c.mimeType()), Json.read(c.attrs()), r.version());
  }

  @SuppressWarnings("unused")
  private static Object view(FileVersion v) {
    return List.of(v.version(), v.source(), Json.read(v.content().attrs()));
  }

  private static <T> T await(Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(60));
  }
}
