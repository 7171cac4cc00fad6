package io.metastore.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.Json;
import io.metastore.domain.ListItem;
import io.metastore.domain.Precondition;
import io.metastore.store.ListRequest;
import io.metastore.store.MetadataStore;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

/**
 * A store's worth of awkward data, written through the real store: several tenants, deep and
 * unicode paths, attrs with nested objects, unicode and big numbers, null etag and MIME type, the
 * largest size, history with patches and a rollback, deletes, re-creation and a rename. {@link
 * #assertServed} checks a store holding it answers as the original did.
 */
final class Seed {
  static final String DEFAULT = "default";
  static final String ACME = "acme";
  static final String GHOSTS = "tenant-ü 👻";
  static final String RICH_ATTRS =
      "{\"owner\":\"alice\",\"tags\":[\"q3\",\"final\"],\"score\":7,"
          + "\"nested\":{\"z\":1,\"a\":{\"deep\":[1,2.50,{\"k\":null,\"t\":true}]}},"
          + "\"unicode\":\"h\u00e9llo \uD83C\uDF0D \u65E5\u672C \u00f1\","
          + "\"big\":123456789012345678901234567890,\"dec\":1.50,\"tiny\":-0.000001,"
          + "\"exp\":1.5e300,\"empty\":{},\"list\":[]}";

  private Seed() {}

  static <T> T await(Uni<T> uni) {
    return uni.await().atMost(Duration.ofSeconds(60));
  }

  static FileContent content(String physical, long size, String etag, String mime, String attrs) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("backend", "s3-main").put("physicalPath", physical).put("size", size);
    if (etag != null) {
      body.put("etag", etag);
    }
    if (mime != null) {
      body.put("mimeType", mime);
    }
    body.set("attrs", Json.parse(attrs));
    return FileContent.fromJson(body, null, "");
  }

  static FileContent content(String physical) {
    return content(physical, 10, "e-" + physical.hashCode(), "text/plain", "{}");
  }

  static FileRecord put(MetadataStore s, String tenant, String path, FileContent c) {
    return await(s.put(tenant, path, c, Precondition.NONE)).record();
  }

  /** Writes the data set. */
  static void into(MetadataStore s) {
    put(s, DEFAULT, "/docs/readme.md", content("b/readme-1", 100, "e1", "text/markdown", RICH_ATTRS));
    put(s, DEFAULT, "/docs/readme.md", content("b/readme-2", 200, "e2", "text/markdown", "{\"owner\":\"bob\"}"));
    await(s.patchAttrs(DEFAULT, "/docs/readme.md", Json.parse("{\"added\":\"x\",\"owner\":null}"), Precondition.NONE));
    await(s.rollback(DEFAULT, "/docs/readme.md", 1));
    put(s, DEFAULT, "/big/file.bin", content("b/big", Long.MAX_VALUE, null, null, "{}"));
    put(s, DEFAULT, "/tmp/gone.txt", content("b/gone"));
    await(s.delete(DEFAULT, "/tmp/gone.txt", Precondition.NONE, false));
    put(s, DEFAULT, "/tmp/again.txt", content("b/again-1"));
    await(s.delete(DEFAULT, "/tmp/again.txt", Precondition.NONE, false));
    put(s, DEFAULT, "/tmp/again.txt", content("b/again-2"));
    put(s, DEFAULT, "/a/b/c/d/e/deep.txt", content("b/deep"));
    put(s, DEFAULT, "/old/moved.txt", content("b/moved"));
    await(s.rename(DEFAULT, "/old", "/new"));
    put(s, DEFAULT, "/\u00fcnicode/\u00f1and\u00fa/\u0444\u0430\u0439\u043b \u540d\u524d.txt", content("b/uni"));
    put(s, ACME, "/docs/readme.md", content("acme/readme", 5, "a1", "text/plain", "{\"tenant\":\"acme\"}"));
    put(s, ACME, "/x.txt", content("acme/x"));
    await(s.delete(ACME, "/x.txt", Precondition.NONE, false));
    put(s, GHOSTS, "/only/deleted.txt", content("g/1"));
    await(s.delete(GHOSTS, "/only", Precondition.NONE, true));
  }

  /**
   * The store answers reads as the seeded one did, and goes on from there: it ends by re-creating
   * a deleted path (a write), which must continue that path's version numbers.
   */
  static void assertServed(MetadataStore s) {
    FileRecord readme = await(s.get(DEFAULT, "/docs/readme.md"));
    assertThat(readme.version()).isEqualTo(3);
    assertThat(readme.content().physicalPath()).isEqualTo("b/readme-1");
    assertThat(CanonicalJson.of(attrsOf(readme))).isEqualTo(CanonicalJson.of(Json.parse(RICH_ATTRS)));
    List<FileVersion> versions = await(s.versions(DEFAULT, "/docs/readme.md", 10, null)).items();
    assertThat(versions).extracting(FileVersion::version).containsExactly(3L, 2L, 1L);
    assertThat(versions).extracting(FileVersion::source).containsExactly("rollback", "put", "put");
    assertThat(Json.read(versions.get(1).content().attrs())).isEqualTo(Json.parse("{\"added\":\"x\"}"));

    FileRecord big = await(s.get(DEFAULT, "/big/file.bin"));
    assertThat(big.content().size()).isEqualTo(Long.MAX_VALUE);
    assertThat(big.content().etag()).isNull();
    assertThat(big.content().mimeType()).isNull();

    assertThat(await(s.get(DEFAULT, "/tmp/gone.txt"))).isNull();
    assertThat(await(s.versions(DEFAULT, "/tmp/gone.txt", 10, null)).items()).hasSize(1);
    assertThat(await(s.get(DEFAULT, "/tmp/again.txt")).version()).isEqualTo(2);
    assertThat(await(s.get(DEFAULT, "/new/moved.txt"))).isNotNull();
    assertThat(await(s.get(DEFAULT, "/old/moved.txt"))).isNull();
    assertThat(
            await(s.get(DEFAULT, "/\u00fcnicode/\u00f1and\u00fa/\u0444\u0430\u0439\u043b \u540d\u524d.txt")))
        .isNotNull();

    List<ListItem> top = await(s.list(DEFAULT, ListRequest.of("/", false, 100, null))).items();
    assertThat(top).extracting(ListItem::path)
        .containsExactly("/a", "/big", "/docs", "/new", "/tmp", "/\u00fcnicode");
    assertThat(top).allMatch(ListItem::isDirectory);
    assertThat(await(s.list(DEFAULT, ListRequest.of("/a/b/c/d", false, 100, null))).items())
        .extracting(ListItem::path)
        .containsExactly("/a/b/c/d/e");
    assertThat(await(s.list(DEFAULT, ListRequest.of("/", true, 100, null))).items()).hasSize(6);
    assertThat(await(s.stats(DEFAULT)).files()).isEqualTo(6);

    assertThat(await(s.get(ACME, "/docs/readme.md")).content().physicalPath()).isEqualTo("acme/readme");
    assertThat(await(s.stats(ACME)).files()).isEqualTo(1);
    assertThat(await(s.stats(GHOSTS)).files()).isZero();
    assertThat(await(s.list(GHOSTS, ListRequest.of("/", false, 100, null))).items()).isEmpty();
    assertThat(await(s.versions(GHOSTS, "/only/deleted.txt", 10, null)).items()).hasSize(1);

    // Re-creating a deleted path continues its history in the target too.
    assertThat(put(s, DEFAULT, "/tmp/gone.txt", content("b/gone-2")).version()).isEqualTo(2);
  }

  static JsonNode attrsOf(FileRecord r) {
    return Json.read(r.content().attrs());
  }
}
