package io.metastore.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.metastore.domain.BatchDeleteResult;
import io.metastore.domain.FileContent;
import io.metastore.domain.FileRecord;
import io.metastore.domain.FileVersion;
import io.metastore.domain.Json;
import io.metastore.domain.ListItem;
import io.metastore.domain.Page;
import io.metastore.domain.Stats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes response bodies; attrs go out as stored (already compact JSON), never re-parsed. */
public final class Views {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Views() {}

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static String json(Body body) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  public static String record(FileRecord r) {
    return json(g -> writeRecord(g, r, false));
  }

  static void writeRecord(JsonGenerator g, FileRecord r, boolean typed) throws IOException {
    g.writeStartObject();
    g.writeStringField("path", r.path());
    if (typed) {
      g.writeStringField("type", "file");
    }
    writeContent(g, r.content());
    g.writeNumberField("version", r.version());
    g.writeStringField("createdAt", time(r.createdAt()));
    g.writeStringField("modifiedAt", time(r.modifiedAt()));
    g.writeEndObject();
  }

  private static void writeContent(JsonGenerator g, FileContent c) throws IOException {
    g.writeStringField("backend", c.backend());
    g.writeStringField("physicalPath", c.physicalPath());
    g.writeNumberField("size", c.size());
    g.writeStringField("etag", c.etag());
    g.writeStringField("mimeType", c.mimeType());
    g.writeFieldName("attrs");
    g.writeRawValue(c.attrs());
  }

  public static String listPage(Page<ListItem> page) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("items");
          for (ListItem item : page.items()) {
            if (item.isDirectory()) {
              g.writeStartObject();
              g.writeStringField("path", item.path());
              g.writeStringField("type", "dir");
              g.writeEndObject();
            } else {
              writeRecord(g, item.record(), true);
            }
          }
          g.writeEndArray();
          g.writeStringField("nextCursor", page.nextCursor());
          g.writeEndObject();
        });
  }

  public static String recordPage(Page<FileRecord> page) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("items");
          for (FileRecord r : page.items()) {
            writeRecord(g, r, true);
          }
          g.writeEndArray();
          g.writeStringField("nextCursor", page.nextCursor());
          g.writeEndObject();
        });
  }

  public static String records(List<FileRecord> records) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("items");
          for (FileRecord r : records) {
            if (r == null) {
              g.writeNull();
            } else {
              writeRecord(g, r, false);
            }
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  public static String version(FileVersion v) {
    return json(g -> writeVersion(g, v));
  }

  private static void writeVersion(JsonGenerator g, FileVersion v) throws IOException {
    g.writeStartObject();
    g.writeNumberField("version", v.version());
    g.writeNumberField("size", v.content().size());
    g.writeStringField("etag", v.content().etag());
    g.writeStringField("physicalPath", v.content().physicalPath());
    g.writeStringField("backend", v.content().backend());
    g.writeStringField("mimeType", v.content().mimeType());
    g.writeFieldName("attrs");
    g.writeRawValue(v.content().attrs());
    g.writeStringField("modifiedAt", time(v.modifiedAt()));
    g.writeStringField("source", v.source());
    g.writeEndObject();
  }

  public static String versionPage(Page<FileVersion> page) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("items");
          for (FileVersion v : page.items()) {
            writeVersion(g, v);
          }
          g.writeEndArray();
          g.writeStringField("nextCursor", page.nextCursor());
          g.writeEndObject();
        });
  }

  public static String deleted(BatchDeleteResult r) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("deleted");
          for (String p : r.deleted()) {
            g.writeString(p);
          }
          g.writeEndArray();
          g.writeArrayFieldStart("missing");
          for (String p : r.missing()) {
            g.writeString(p);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  public static String renamed(int n) {
    return "{\"renamed\":" + n + "}";
  }

  public static String stats(Stats s) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeNumberField("files", s.files());
          g.writeNumberField("bytes", s.bytes());
          g.writeStringField("database", s.database());
          g.writeStringField("schemaVersion", s.schemaVersion());
          g.writeEndObject();
        });
  }
}
