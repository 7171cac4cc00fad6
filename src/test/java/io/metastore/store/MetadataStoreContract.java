package io.metastore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Attrs;
import io.metastore.domain.BatchDeleteResult;
import io.metastore.domain.ConflictException;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.ListItem;
import io.metastore.domain.NotFoundException;
import io.metastore.domain.Page;
import io.metastore.domain.Precondition;
import io.metastore.domain.PreconditionFailedException;
import io.metastore.domain.PutResult;
import io.metastore.store.FileStore.PathContent;
import io.smallrye.mutiny.Uni;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetadataStore} adapter promises. Each database runs it with a one-line
 * subclass; every test works in a tenant of its own, so tests never see each other's data.
 */
public abstract class MetadataStoreContract {
  private static final Map<Class<?>, MetadataStore> STORES = new ConcurrentHashMap<>();

  protected MetadataStore store;
  protected String tenant;

  protected abstract MetadataStore createStore();

  @BeforeEach
  void setUpStore() {
    store = STORES.computeIfAbsent(getClass(), c -> createStore());
    tenant = "t-" + UUID.randomUUID();
  }

  // ------------------------------------------------------------ helpers

  protected static <T> T await(Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(60));
  }

  protected static FileContent content(String physical, long size, String attrs) {
    var body = Json.MAPPER.createObjectNode();
    body.put("backend", "s3").put("physicalPath", physical).put("size", size);
    body.put("etag", "e-" + physical).put("mimeType", "text/plain");
    body.set("attrs", Json.parse(attrs));
    return FileContent.fromJson(body, null, "");
  }

  protected static FileContent content(String physical) {
    return content(physical, 1, "{}");
  }

  protected PutResult put(String path, FileContent c) {
    return await(store.put(tenant, path, c, Precondition.NONE));
  }

  protected PutResult put(String path) {
    return put(path, content("p" + path));
  }

  protected FileRecord get(String path) {
    return await(store.get(tenant, path));
  }

  protected int delete(String path) {
    return await(store.delete(tenant, path, Precondition.NONE, false));
  }

  protected List<ListItem> listAll(String dir, boolean recursive, int limit) {
    List<ListItem> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<ListItem> page =
          await(store.list(tenant, ListRequest.of(dir, recursive, limit, cursor)));
      if (page.nextCursor() != null) {
        assertThat(page.items()).as("every page but the last is full").hasSize(limit);
      }
      assertThat(page.items()).as("never an empty trailing page").isNotEmpty();
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  protected List<String> paths(List<ListItem> items) {
    return items.stream().map(i -> (i.isDirectory() ? "d:" : "f:") + i.path()).toList();
  }

  protected List<String> query(String attrs, String dir, int limit) {
    JsonNode q = Json.parse(attrs);
    List<String> out = new ArrayList<>();
    String cursor = null;
    do {
      Page<FileRecord> page =
          await(
              store.query(
                  tenant, QueryRequest.of(q, Attrs.canonical(q, "attrs"), dir, limit, cursor)));
      if (page.nextCursor() != null) {
        assertThat(page.items()).hasSize(limit);
      }
      page.items().forEach(r -> out.add(r.path()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return out;
  }

  // ------------------------------------------------------------ files

  @Nested
  class Files {
    @Test
    void putCreatesVersionOneAndGetReturnsIt() {
      PutResult r = put("/a/report.pdf", content("bucket/1", 1048576, "{\"owner\":\"alice\",\"tags\":[\"q3\"]}"));
      assertThat(r.created()).isTrue();
      assertThat(r.record().version()).isEqualTo(1);
      assertThat(r.record().createdAt()).isEqualTo(r.record().modifiedAt());
      FileRecord got = get("/a/report.pdf");
      assertThat(got.path()).isEqualTo("/a/report.pdf");
      assertThat(got.content().backend()).isEqualTo("s3");
      assertThat(got.content().physicalPath()).isEqualTo("bucket/1");
      assertThat(got.content().size()).isEqualTo(1048576);
      assertThat(got.content().etag()).isEqualTo("e-bucket/1");
      assertThat(got.content().mimeType()).isEqualTo("text/plain");
      assertThat(Json.read(got.content().attrs()))
          .isEqualTo(Json.parse("{\"owner\":\"alice\",\"tags\":[\"q3\"]}"));
      assertThat(got.version()).isEqualTo(1);
      assertThat(got.createdAt()).isEqualTo(r.record().createdAt());
    }

    @Test
    void replaceAddsAVersionAndKeepsCreatedAt() {
      FileRecord first = put("/f").record();
      PutResult second = put("/f", content("other", 5, "{\"k\":1}"));
      assertThat(second.created()).isFalse();
      assertThat(second.record().version()).isEqualTo(2);
      assertThat(second.record().createdAt()).isEqualTo(first.createdAt());
      assertThat(second.record().modifiedAt()).isGreaterThan(first.modifiedAt());
      assertThat(get("/f").content().physicalPath()).isEqualTo("other");
    }

    @Test
    void omittedOptionalFieldsBecomeEmpty() {
      put("/f", content("x", 1, "{\"a\":1}"));
      FileContent bare =
          FileContent.fromJson(Json.parse("{\"backend\":\"b\",\"physicalPath\":\"p\",\"size\":0}"), null, "");
      put("/f", bare);
      FileRecord r = get("/f");
      assertThat(r.content().etag()).isNull();
      assertThat(r.content().mimeType()).isNull();
      assertThat(r.content().attrs()).isEqualTo("{}");
    }

    @Test
    void getOfMissingPathOrDirectoryIsNull() {
      put("/d/f");
      assertThat(get("/nope")).isNull();
      assertThat(get("/d")).isNull();
    }

    @Test
    void largestSizeAndExactNumbersSurvive() {
      put("/big", content("b", Long.MAX_VALUE, "{\"x\":1.50,\"y\":12345678901234567890123,\"z\":-0.001}"));
      FileRecord r = get("/big");
      assertThat(r.content().size()).isEqualTo(Long.MAX_VALUE);
      JsonNode attrs = Json.read(r.content().attrs());
      assertThat(attrs.get("x").decimalValue()).isEqualByComparingTo("1.50");
      assertThat(attrs.get("x").toString()).isEqualTo("1.50");
      assertThat(attrs.get("y").bigIntegerValue()).isEqualTo(new BigInteger("12345678901234567890123"));
    }

    @Test
    void unicodeAndSpecialCharactersInPaths() {
      for (String p : List.of("/é/ü ñ", "/%/_/*/\\", "/emoji/😀", "/NFC/\u00e9", "/NFC/e\u0301", "/Case/A", "/case/a")) {
        put(p);
      }
      assertThat(get("/NFC/\u00e9").path()).isEqualTo("/NFC/\u00e9");
      assertThat(get("/NFC/e\u0301").path()).isEqualTo("/NFC/e\u0301");
      assertThat(get("/Case/A")).isNotNull();
      assertThat(get("/case/A")).isNull();
      assertThat(get("/%/_/*/\\")).isNotNull();
    }

    @Test
    void fileBelowAFileIsAConflict() {
      put("/a");
      assertThatThrownBy(() -> put("/a/b")).isInstanceOf(ConflictException.class).hasMessageContaining("/a");
      assertThatThrownBy(() -> put("/a/b/c")).isInstanceOf(ConflictException.class);
      assertThat(get("/a/b")).isNull();
    }

    @Test
    void fileWhereADirectoryIsIsAConflict() {
      put("/a/b/c");
      assertThatThrownBy(() -> put("/a")).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> put("/a/b")).isInstanceOf(ConflictException.class);
      assertThat(get("/a")).isNull();
    }

    @Test
    void deleteKeepsHistoryAndRecreationContinuesVersions() {
      put("/f");
      put("/f");
      assertThat(delete("/f")).isEqualTo(1);
      assertThat(get("/f")).isNull();
      assertThat(await(store.versions(tenant, "/f", 10, null)).items())
          .extracting(FileVersion::version)
          .containsExactly(2L, 1L);
      PutResult again = put("/f");
      assertThat(again.created()).isTrue();
      assertThat(again.record().version()).isEqualTo(3);
      assertThat(await(store.versions(tenant, "/f", 10, null)).items()).hasSize(3);
    }

    @Test
    void deleteOfMissingPathIsNotFound() {
      assertThatThrownBy(() -> delete("/missing")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteOfDirectoryNeedsRecursive() {
      put("/d/x");
      put("/d/sub/y");
      put("/dx");
      assertThatThrownBy(() -> delete("/d")).isInstanceOf(ConflictException.class);
      assertThat(await(store.delete(tenant, "/d", Precondition.NONE, true))).isEqualTo(2);
      assertThat(get("/d/x")).isNull();
      assertThat(get("/d/sub/y")).isNull();
      assertThat(get("/dx")).isNotNull();
      assertThat(paths(listAll("/", false, 10))).containsExactly("f:/dx");
      assertThat(await(store.versions(tenant, "/d/sub/y", 10, null)).items()).hasSize(1);
      put("/d");
      assertThat(get("/d")).isNotNull();
    }

    @Test
    void deepestPathsWork() {
      StringBuilder deep = new StringBuilder();
      while (deep.length() < 4094) {
        deep.append("/a");
      }
      String path = deep.toString();
      put(path, content("deep"));
      assertThat(get(path)).isNotNull();
      assertThat(listAll("/a", true, 10)).hasSize(1);
      delete(path);
      assertThat(await(store.list(tenant, ListRequest.of("/", false, 10, null))).items()).isEmpty();
    }

    @Test
    void recursiveDeleteOfAFileDeletesIt() {
      put("/f");
      assertThat(await(store.delete(tenant, "/f", Precondition.NONE, true))).isEqualTo(1);
      assertThat(get("/f")).isNull();
    }

    @Test
    void directoryDisappearsWithItsLastFile() {
      put("/a/b/c/d");
      put("/a/x");
      delete("/a/b/c/d");
      assertThat(paths(listAll("/a", false, 10))).containsExactly("f:/a/x");
      put("/a/b");
      assertThat(get("/a/b")).isNotNull();
      delete("/a/x");
      delete("/a/b");
      assertThat(await(store.list(tenant, ListRequest.of("/", false, 10, null))).items()).isEmpty();
      put("/a");
      assertThat(get("/a")).isNotNull();
    }

    @Test
    void statsCountCurrentFilesAndBytesOfTheTenantOnly() {
      put("/a", content("a", 10, "{}"));
      put("/b/c", content("c", 32, "{}"));
      put("/b/c", content("c", 30, "{}"));
      put("/gone", content("g", 1000, "{}"));
      delete("/gone");
      var stats = await(store.stats(tenant));
      assertThat(stats.files()).isEqualTo(2);
      assertThat(stats.bytes()).isEqualTo(BigInteger.valueOf(40));
      assertThat(stats.database()).isEqualTo(store.databaseName());
      assertThat(stats.schemaVersion()).isNotBlank();
      assertThat(await(store.stats("other-" + tenant)).files()).isZero();
    }

    @Test
    void statsSumSizesBeyondALong() {
      put("/a", content("a", Long.MAX_VALUE, "{}"));
      put("/b", content("b", Long.MAX_VALUE, "{}"));
      assertThat(await(store.stats(tenant)).bytes())
          .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO));
    }

    @Test
    void tenantsNeverSeeEachOther() {
      put("/shared/f");
      String other = "other-" + tenant;
      assertThat(await(store.get(other, "/shared/f"))).isNull();
      assertThat(await(store.list(other, ListRequest.of("/", true, 10, null))).items()).isEmpty();
      await(store.put(other, "/shared", content("x"), Precondition.NONE));
      assertThat(await(store.get(other, "/shared"))).isNotNull();
      assertThatThrownBy(() -> await(store.delete(other, "/shared/f", Precondition.NONE, false)))
          .isInstanceOf(NotFoundException.class);
      assertThat(get("/shared/f")).isNotNull();
    }
  }

  // ------------------------------------------------------------ preconditions

  @Nested
  class Preconditions {
    @Test
    void ifMatchMustNameTheCurrentVersion() {
      put("/f");
      assertThatThrownBy(() -> await(store.put(tenant, "/f", content("x"), Precondition.of("\"2\"", null))))
          .isInstanceOf(PreconditionFailedException.class);
      PutResult ok = await(store.put(tenant, "/f", content("x"), Precondition.of("\"1\"", null)));
      assertThat(ok.record().version()).isEqualTo(2);
    }

    @Test
    void ifMatchOnAMissingFileFails() {
      assertThatThrownBy(() -> await(store.put(tenant, "/f", content("x"), Precondition.of("*", null))))
          .isInstanceOf(PreconditionFailedException.class);
      assertThatThrownBy(() -> await(store.delete(tenant, "/f", Precondition.of("\"1\"", null), false)))
          .isInstanceOf(PreconditionFailedException.class);
      assertThat(get("/f")).isNull();
    }

    @Test
    void ifNoneMatchStarRefusesToReplace() {
      await(store.put(tenant, "/f", content("x"), Precondition.of(null, "*")));
      assertThatThrownBy(() -> await(store.put(tenant, "/f", content("y"), Precondition.of(null, "*"))))
          .isInstanceOf(PreconditionFailedException.class);
      assertThat(get("/f").content().physicalPath()).isEqualTo("x");
    }

    @Test
    void conditionalDeleteAndPatch() {
      put("/f");
      put("/f");
      assertThatThrownBy(() -> await(store.delete(tenant, "/f", Precondition.of("\"1\"", null), false)))
          .isInstanceOf(PreconditionFailedException.class);
      assertThatThrownBy(
              () -> await(store.patchAttrs(tenant, "/f", Json.parse("{\"a\":1}"), Precondition.of("\"1\"", null))))
          .isInstanceOf(PreconditionFailedException.class);
      await(store.patchAttrs(tenant, "/f", Json.parse("{\"a\":1}"), Precondition.of("\"2\"", null)));
      assertThat(await(store.delete(tenant, "/f", Precondition.of("\"2\"", null), false))).isEqualTo(1);
    }

    @Test
    void concurrentConditionalPutsLoseNoUpdate() {
      put("/c");
      int writers = 16;
      AtomicInteger won = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Uni<Void>> all = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int n = i;
        all.add(
            store
                .put(tenant, "/c", content("w" + n), Precondition.of("\"1\"", null))
                .onItem().invoke(r -> won.incrementAndGet())
                .onFailure(PreconditionFailedException.class).invoke(e -> refused.incrementAndGet())
                .onFailure(PreconditionFailedException.class).recoverWithNull()
                .replaceWithVoid());
      }
      await(Uni.join().all(all).andFailFast());
      assertThat(won.get()).isEqualTo(1);
      assertThat(refused.get()).isEqualTo(writers - 1);
      assertThat(get("/c").version()).isEqualTo(2);
    }

    @Test
    void concurrentUnconditionalPutsAllBecomeVersions() {
      int writers = 16;
      List<Uni<PutResult>> all = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        all.add(store.put(tenant, "/hot", content("w" + i), Precondition.NONE));
      }
      List<PutResult> results = await(Uni.join().all(all).andFailFast());
      assertThat(results.stream().filter(PutResult::created)).hasSize(1);
      assertThat(results.stream().map(r -> r.record().version()).distinct()).hasSize(writers);
      assertThat(get("/hot").version()).isEqualTo(writers);
      assertThat(await(store.versions(tenant, "/hot", 100, null)).items()).hasSize(writers);
    }

    @Test
    void concurrentWritersAcrossATreeSeeNoError() {
      List<Uni<PutResult>> all = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        all.add(store.put(tenant, "/w/d" + (i % 4) + "/f" + i, content("x" + i), Precondition.NONE));
      }
      await(Uni.join().all(all).andFailFast());
      assertThat(listAll("/w", true, 1000)).hasSize(64);
      assertThat(paths(listAll("/w", false, 1000)))
          .containsExactly("d:/w/d0", "d:/w/d1", "d:/w/d2", "d:/w/d3");
    }

    @Test
    void concurrentFileAndDirectoryCreationNeverBothSucceed() {
      for (int round = 0; round < 10; round++) {
        String base = "/race" + round;
        Uni<Boolean> file =
            store.put(tenant, base, content("f"), Precondition.NONE).map(r -> true)
                .onFailure(ConflictException.class).recoverWithItem(false);
        Uni<Boolean> child =
            store.put(tenant, base + "/child", content("c"), Precondition.NONE).map(r -> true)
                .onFailure(ConflictException.class).recoverWithItem(false);
        List<Boolean> outcome = await(Uni.join().all(file, child).andFailFast());
        assertThat(outcome).containsExactlyInAnyOrder(true, false);
      }
    }

    @Test
    void concurrentDeleteAndCreateInOneDirectoryKeepItConsistent() {
      for (int round = 0; round < 10; round++) {
        String dir = "/dc" + round;
        put(dir + "/old");
        Uni<Integer> del = store.delete(tenant, dir + "/old", Precondition.NONE, false);
        Uni<Integer> add = store.put(tenant, dir + "/new", content("n"), Precondition.NONE).map(r -> 1);
        await(Uni.join().all(del, add).andFailFast());
        assertThat(paths(listAll(dir, false, 10))).containsExactly("f:" + dir + "/new");
        assertThat(paths(listAll("/", false, 100))).contains("d:" + dir);
      }
    }
  }

  // ------------------------------------------------------------ patch

  @Nested
  class Patch {
    @Test
    void mergePatchChangesAttrsOnlyWithoutANewVersion() {
      FileRecord before = put("/f", content("x", 3, "{\"k\":\"v\",\"old\":1,\"nested\":{\"a\":1,\"b\":2}}")).record();
      FileRecord after =
          await(
              store.patchAttrs(
                  tenant, "/f", Json.parse("{\"k\":\"w\",\"old\":null,\"nested\":{\"b\":null,\"c\":3},\"new\":[1]}"),
                  Precondition.NONE));
      assertThat(after.version()).isEqualTo(1);
      assertThat(after.modifiedAt()).isGreaterThan(before.modifiedAt());
      assertThat(after.createdAt()).isEqualTo(before.createdAt());
      JsonNode expected = Json.parse("{\"k\":\"w\",\"nested\":{\"a\":1,\"c\":3},\"new\":[1]}");
      assertThat(Json.read(get("/f").content().attrs())).isEqualTo(expected);
      assertThat(get("/f").modifiedAt()).isEqualTo(after.modifiedAt());
      assertThat(Json.read(await(store.version(tenant, "/f", 1)).content().attrs())).isEqualTo(expected);
      assertThat(get("/f").content().physicalPath()).isEqualTo("x");
    }

    @Test
    void patchOfMissingFileIsNotFound() {
      assertThatThrownBy(() -> await(store.patchAttrs(tenant, "/nope", Json.parse("{}"), Precondition.NONE)))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    void patchThatMakesAttrsTooLargeChangesNothing() {
      put("/f", content("x", 1, "{\"a\":1}"));
      String big = "x".repeat(70_000);
      assertThatThrownBy(
              () -> await(store.patchAttrs(tenant, "/f", Json.parse("{\"big\":\"" + big + "\"}"), Precondition.NONE)))
          .isInstanceOf(InvalidInputException.class);
      assertThat(Json.read(get("/f").content().attrs())).isEqualTo(Json.parse("{\"a\":1}"));
    }
  }

  // ------------------------------------------------------------ listing

  @Nested
  class Listing {
    @Test
    void prefixIsADirectoryNotAStringPrefix() {
      put("/a/1");
      put("/a/sub/2");
      put("/ab/3");
      put("/a-b");
      assertThat(paths(listAll("/a", true, 10))).containsExactly("f:/a/1", "f:/a/sub/2");
      assertThat(paths(listAll("/a", false, 10))).containsExactly("f:/a/1", "d:/a/sub");
      assertThat(paths(listAll("/", false, 10))).containsExactly("d:/a", "f:/a-b", "d:/ab");
    }

    @Test
    void likeWildcardsAreLiteral() {
      put("/p%/x");
      put("/p_/y");
      put("/pa/z");
      put("/p\\/w");
      put("/p*/v");
      assertThat(paths(listAll("/p%", true, 10))).containsExactly("f:/p%/x");
      assertThat(paths(listAll("/p_", true, 10))).containsExactly("f:/p_/y");
      assertThat(paths(listAll("/p\\", true, 10))).containsExactly("f:/p\\/w");
      assertThat(paths(listAll("/p*", true, 10))).containsExactly("f:/p*/v");
    }

    @Test
    void directoriesSortByTheirOwnPath() {
      put("/d/x/inner");
      put("/d/x.txt");
      put("/d/x-y");
      put("/d/x!");
      put("/d/w");
      assertThat(paths(listAll("/d", false, 10)))
          .containsExactly("f:/d/w", "d:/d/x", "f:/d/x!", "f:/d/x-y", "f:/d/x.txt");
      assertThat(paths(listAll("/d", false, 1)))
          .containsExactly("f:/d/w", "d:/d/x", "f:/d/x!", "f:/d/x-y", "f:/d/x.txt");
    }

    @Test
    void orderIsByUtf8Bytes() {
      List<String> names = List.of("/u/z", "/u/é", "/u/\uE000", "/u/😀", "/u/Z", "/u/a");
      names.forEach(MetadataStoreContract.this::put);
      assertThat(paths(listAll("/u", true, 2)))
          .containsExactly("f:/u/Z", "f:/u/a", "f:/u/z", "f:/u/é", "f:/u/\uE000", "f:/u/😀");
    }

    @Test
    void pagesAreFullAndTheLastHasNoCursor() {
      IntStream.range(0, 25).forEach(i -> put(String.format("/pg/f%03d", i)));
      Page<ListItem> first = await(store.list(tenant, ListRequest.of("/pg", true, 10, null)));
      assertThat(first.items()).hasSize(10);
      assertThat(first.nextCursor()).isNotNull();
      List<ListItem> all = listAll("/pg", true, 10);
      assertThat(all).hasSize(25);
      assertThat(listAll("/pg", true, 5)).hasSize(25);
      assertThat(listAll("/pg", true, 25)).hasSize(25);
      Page<ListItem> exact = await(store.list(tenant, ListRequest.of("/pg", true, 25, null)));
      assertThat(exact.nextCursor()).isNull();
    }

    @Test
    void emptyOrMissingPrefixGivesAnEmptyPage() {
      Page<ListItem> page = await(store.list(tenant, ListRequest.of("/nothing", false, 10, null)));
      assertThat(page.items()).isEmpty();
      assertThat(page.nextCursor()).isNull();
    }

    @Test
    void cursorIsBoundToItsListing() {
      IntStream.range(0, 5).forEach(i -> put("/c/f" + i));
      String cursor = await(store.list(tenant, ListRequest.of("/c", true, 2, null))).nextCursor();
      assertThatThrownBy(() -> ListRequest.of("/c", false, 2, cursor)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> ListRequest.of("/d", true, 2, cursor)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> ListRequest.of("/c", true, 2, "garbage!")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void concurrentInsertsNeitherRepeatNorSkipExistingEntries() {
      IntStream.range(0, 20).forEach(i -> put(String.format("/k/f%02d", i * 2)));
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int inserted = 0;
      do {
        Page<ListItem> page = await(store.list(tenant, ListRequest.of("/k", true, 3, cursor)));
        page.items().forEach(i -> seen.add(i.path()));
        put(String.format("/k/f%02d", inserted * 2 + 1));
        put("/k/a" + inserted);
        inserted++;
        cursor = page.nextCursor();
      } while (cursor != null);
      for (int i = 0; i < 20; i++) {
        assertThat(seen).contains(String.format("/k/f%02d", i * 2));
      }
      assertThat(seen).doesNotHaveDuplicates();
    }
  }

  // ------------------------------------------------------------ query

  @Nested
  class Query {
    @BeforeEach
    void seed() {
      put("/q/a", content("a", 1, "{\"owner\":\"alice\",\"tags\":[\"q3\",\"final\"],\"score\":7,\"meta\":{\"x\":1,\"y\":[1,2]}}"));
      put("/q/b", content("b", 1, "{\"owner\":\"bob\",\"tags\":[\"q3\"],\"score\":\"7\"}"));
      put("/q/sub/c", content("c", 1, "{\"owner\":\"alice\",\"score\":7.0,\"flag\":true,\"nil\":null}"));
      put("/qq/d", content("d", 1, "{\"owner\":\"alice\"}"));
    }

    @Test
    void objectsMatchPartially() {
      assertThat(query("{\"owner\":\"alice\"}", "/", 100)).containsExactly("/q/a", "/q/sub/c", "/qq/d");
      assertThat(query("{}", "/q", 100)).containsExactly("/q/a", "/q/b", "/q/sub/c");
    }

    @Test
    void scalarsAreTyped() {
      assertThat(query("{\"score\":7}", "/", 100)).containsExactly("/q/a", "/q/sub/c");
      assertThat(query("{\"score\":\"7\"}", "/", 100)).containsExactly("/q/b");
      assertThat(query("{\"flag\":true}", "/", 100)).containsExactly("/q/sub/c");
      assertThat(query("{\"flag\":1}", "/", 100)).isEmpty();
      assertThat(query("{\"nil\":null}", "/", 100)).containsExactly("/q/sub/c");
    }

    @Test
    void arraysMatchAsSubsets() {
      assertThat(query("{\"tags\":[\"q3\"]}", "/", 100)).containsExactly("/q/a", "/q/b");
      assertThat(query("{\"tags\":[\"final\",\"q3\"]}", "/", 100)).containsExactly("/q/a");
      assertThat(query("{\"tags\":[]}", "/", 100)).containsExactly("/q/a", "/q/b");
      assertThat(query("{\"tags\":\"q3\"}", "/", 100)).isEmpty();
    }

    @Test
    void nestedDocuments() {
      assertThat(query("{\"meta\":{\"y\":[2]}}", "/", 100)).containsExactly("/q/a");
      assertThat(query("{\"meta\":{\"x\":2}}", "/", 100)).isEmpty();
      assertThat(query("{\"meta\":{}}", "/", 100)).containsExactly("/q/a");
    }

    @Test
    void prefixHasDirectorySemanticsAndPagesWork() {
      assertThat(query("{\"owner\":\"alice\"}", "/q", 1)).containsExactly("/q/a", "/q/sub/c");
      assertThat(query("{\"owner\":\"alice\"}", "/q/sub", 100)).containsExactly("/q/sub/c");
    }

    @Test
    void manyNonMatchingRowsBetweenMatches() {
      List<PathContent> batch = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        batch.add(new PathContent(String.format("/m/f%04d", i), content("m" + i, 1, i % 400 == 0 ? "{\"hit\":1}" : "{\"hit\":0}")));
      }
      await(store.putMany(tenant, batch));
      List<PathContent> more = new ArrayList<>();
      for (int i = 1000; i < 1200; i++) {
        more.add(new PathContent(String.format("/m/f%04d", i), content("m" + i, 1, "{\"hit\":0}")));
      }
      await(store.putMany(tenant, more));
      assertThat(query("{\"hit\":1}", "/m", 2)).containsExactly("/m/f0000", "/m/f0400", "/m/f0800");
    }
  }

  // ------------------------------------------------------------ batches

  @Nested
  class Batches {
    @Test
    void getManyKeepsRequestOrderWithNulls() {
      put("/b/1");
      put("/b/2");
      List<FileRecord> got = await(store.getMany(tenant, List.of("/b/2", "/missing", "/b/1", "/b")));
      assertThat(got).hasSize(4);
      assertThat(got.get(0).path()).isEqualTo("/b/2");
      assertThat(got.get(1)).isNull();
      assertThat(got.get(2).path()).isEqualTo("/b/1");
      assertThat(got.get(3)).isNull();
    }

    @Test
    void putManyIsAllOrNothing() {
      put("/x");
      List<PathContent> batch =
          List.of(new PathContent("/ok/1", content("1")), new PathContent("/x/child", content("2")));
      assertThatThrownBy(() -> await(store.putMany(tenant, batch)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("files[1]");
      assertThat(get("/ok/1")).isNull();
      List<FileRecord> done =
          await(store.putMany(tenant, List.of(new PathContent("/ok/1", content("1")), new PathContent("/x", content("3")))));
      assertThat(done).extracting(FileRecord::version).containsExactly(1L, 2L);
    }

    @Test
    void putManyMixesCreatesReplacesAndRecreations() {
      put("/m/replace");
      put("/m/gone");
      put("/m/gone");
      delete("/m/gone");
      List<FileRecord> done =
          await(
              store.putMany(
                  tenant,
                  List.of(
                      new PathContent("/m/new/deep/file", content("n")),
                      new PathContent("/m/replace", content("r", 9, "{\"k\":1}")),
                      new PathContent("/m/gone", content("g")))));
      assertThat(done).extracting(FileRecord::version).containsExactly(1L, 2L, 3L);
      assertThat(get("/m/replace").content().size()).isEqualTo(9);
      assertThat(get("/m/replace").createdAt()).isLessThanOrEqualTo(get("/m/replace").modifiedAt());
      assertThat(await(store.versions(tenant, "/m/gone", 10, null)).items()).hasSize(3);
      assertThat(paths(listAll("/m", false, 10))).containsExactly("f:/m/gone", "d:/m/new", "f:/m/replace");
      assertThat(Json.read(await(store.version(tenant, "/m/replace", 2)).content().attrs())).isEqualTo(Json.parse("{\"k\":1}"));
    }

    @Test
    void concurrentLargeBatchesInManyDirectoriesSucceed() {
      // 8 x 1000 files, each in its own directory: one lock per path would need ~24,000 entries
      // of PostgreSQL's shared lock table (6,400 by default) and fail with "out of shared memory".
      List<Uni<List<FileRecord>>> batches = new ArrayList<>();
      for (int b = 0; b < 8; b++) {
        List<PathContent> files = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          files.add(new PathContent("/lots/b" + b + "/d" + i + "/f", content("x")));
        }
        batches.add(store.putMany(tenant, files));
      }
      await(Uni.join().all(batches).andFailFast());
      assertThat(await(store.stats(tenant)).files()).isEqualTo(8000);
      List<String> deletes = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        deletes.add("/lots/b0/d" + i + "/f");
      }
      assertThat(await(store.deleteMany(tenant, deletes)).deleted()).hasSize(1000);
      assertThat(paths(listAll("/lots", false, 100))).hasSize(7).doesNotContain("d:/lots/b0");
    }

    @Test
    void putManyRefusesAPathBelowAnotherOfTheSameBatchOrADirectory() {
      assertThatThrownBy(
              () -> await(store.putMany(tenant, List.of(new PathContent("/x", content("1")), new PathContent("/x/y", content("2"))))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("files[1]");
      put("/dir/child");
      assertThatThrownBy(
              () -> await(store.putMany(tenant, List.of(new PathContent("/ok", content("1")), new PathContent("/dir", content("2"))))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("files[1]");
      assertThat(get("/ok")).isNull();
      assertThat(get("/x")).isNull();
    }

    @Test
    void deleteManyReportsDeletedAndMissingAndIsAllOrNothing() {
      put("/d/1");
      put("/d/2");
      BatchDeleteResult r = await(store.deleteMany(tenant, List.of("/d/2", "/nope", "/d/1")));
      assertThat(r.deleted()).containsExactly("/d/2", "/d/1");
      assertThat(r.missing()).containsExactly("/nope");
      put("/e/1");
      put("/e/dir/x");
      assertThatThrownBy(() -> await(store.deleteMany(tenant, List.of("/e/1", "/e/dir"))))
          .isInstanceOf(ConflictException.class);
      assertThat(get("/e/1")).isNotNull();
    }
  }

  // ------------------------------------------------------------ rename

  @Nested
  class Rename {
    @Test
    void fileMovesWithItsHistory() {
      put("/a/f");
      put("/a/f");
      assertThat(await(store.rename(tenant, "/a/f", "/b/g"))).isEqualTo(1);
      assertThat(get("/a/f")).isNull();
      assertThat(get("/b/g").version()).isEqualTo(2);
      assertThat(await(store.versions(tenant, "/b/g", 10, null)).items()).hasSize(2);
      assertThatThrownBy(() -> await(store.versions(tenant, "/a/f", 10, null))).isInstanceOf(NotFoundException.class);
      assertThat(paths(listAll("/", false, 10))).containsExactly("d:/b");
    }

    @Test
    void directoryMovesWithEverythingBelowIt() {
      put("/src/1");
      put("/src/deep/2");
      put("/src/deep/er/3");
      put("/src/gone");
      delete("/src/gone");
      put("/srcx/keep");
      assertThat(await(store.rename(tenant, "/src", "/dst/moved"))).isEqualTo(3);
      assertThat(paths(listAll("/dst/moved", true, 10)))
          .containsExactly("f:/dst/moved/1", "f:/dst/moved/deep/2", "f:/dst/moved/deep/er/3");
      assertThat(paths(listAll("/dst/moved", false, 10))).containsExactly("f:/dst/moved/1", "d:/dst/moved/deep");
      assertThat(paths(listAll("/", false, 10))).containsExactly("d:/dst", "d:/srcx");
      assertThat(await(store.versions(tenant, "/src/gone", 10, null)).items()).hasSize(1);
      put("/dst/moved/deep/new");
      assertThat(get("/dst/moved/deep/new")).isNotNull();
    }

    @Test
    void renameRules() {
      put("/a/f");
      put("/b");
      put("/c/x");
      assertThatThrownBy(() -> await(store.rename(tenant, "/missing", "/z"))).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> await(store.rename(tenant, "/missing", "/missing/in"))).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> await(store.rename(tenant, "/a", "/b"))).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> await(store.rename(tenant, "/a", "/c"))).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> await(store.rename(tenant, "/a", "/a/inner"))).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> await(store.rename(tenant, "/a", "/a"))).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> await(store.rename(tenant, "/a", "/b/under"))).isInstanceOf(ConflictException.class);
      assertThat(get("/a/f")).isNotNull();
    }

    @Test
    void deletedHistoryAtTheDestinationDoesNotBlock() {
      put("/dest");
      delete("/dest");
      put("/src");
      assertThat(await(store.rename(tenant, "/src", "/dest"))).isEqualTo(1);
      assertThat(get("/dest").content().physicalPath()).isEqualTo("p/src");
    }
  }

  // ------------------------------------------------------------ versions

  @Nested
  class Versions {
    @Test
    void newestFirstAndPaginated() {
      for (int i = 0; i < 5; i++) {
        put("/v", content("v" + i));
      }
      Page<FileVersion> first = await(store.versions(tenant, "/v", 2, null));
      assertThat(first.items()).extracting(FileVersion::version).containsExactly(5L, 4L);
      Page<FileVersion> second = await(store.versions(tenant, "/v", 2, first.nextCursor()));
      assertThat(second.items()).extracting(FileVersion::version).containsExactly(3L, 2L);
      Page<FileVersion> third = await(store.versions(tenant, "/v", 2, second.nextCursor()));
      assertThat(third.items()).extracting(FileVersion::version).containsExactly(1L);
      assertThat(third.nextCursor()).isNull();
      assertThat(first.items().get(0).source()).isEqualTo("put");
      assertThat(first.items().get(0).content().physicalPath()).isEqualTo("v4");
    }

    @Test
    void oneVersionAndMissingOnes() {
      put("/v", content("first"));
      put("/v", content("second"));
      assertThat(await(store.version(tenant, "/v", 1)).content().physicalPath()).isEqualTo("first");
      assertThatThrownBy(() -> await(store.version(tenant, "/v", 3))).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> await(store.version(tenant, "/never", 1))).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> await(store.versions(tenant, "/never", 10, null))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rollbackMakesANewVersionFromAnOldOne() {
      put("/r", content("one", 1, "{\"v\":1}"));
      put("/r", content("two", 2, "{\"v\":2}"));
      FileRecord r = await(store.rollback(tenant, "/r", 1));
      assertThat(r.version()).isEqualTo(3);
      assertThat(r.content().physicalPath()).isEqualTo("one");
      assertThat(Json.read(get("/r").content().attrs())).isEqualTo(Json.parse("{\"v\":1}"));
      FileVersion latest = await(store.versions(tenant, "/r", 1, null)).items().get(0);
      assertThat(latest.source()).isEqualTo("rollback");
      assertThat(latest.version()).isEqualTo(3);
    }

    @Test
    void rollbackRestoresADeletedFile() {
      put("/r", content("one"));
      delete("/r");
      FileRecord r = await(store.rollback(tenant, "/r", 1));
      assertThat(r.version()).isEqualTo(2);
      assertThat(get("/r").content().physicalPath()).isEqualTo("one");
      assertThatThrownBy(() -> await(store.rollback(tenant, "/r", 9))).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> await(store.rollback(tenant, "/never", 1))).isInstanceOf(NotFoundException.class);
    }
  }
}
