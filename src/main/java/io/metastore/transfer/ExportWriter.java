package io.metastore.transfer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.metastore.config.DatabaseUrl;
import io.metastore.domain.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an export: JSON Lines, a header line then one line per {@link Row}, gzip-compressed when
 * the file name ends in {@code .gz}. The file appears only complete: it is written to
 * {@code FILE.tmp} beside it, flushed to disk and renamed.
 *
 * <p>Lines: {@code {"type":"file","id","tenant","createdAt"}}, {@code {"type":"entry","fileId",
 * "tenant","path","backend","physicalPath","size","etag","mimeType","attrs","version","createdAt",
 * "modifiedAt"}}, {@code {"type":"tombstone","fileId","tenant","path","deletedAt"}}, {@code
 * {"type":"version","fileId","tenant","version","backend","physicalPath","size","etag","mimeType",
 * "attrs","modifiedAt","source"}}. Times are epoch milliseconds, attrs a JSON object.
 */
public final class ExportWriter implements AutoCloseable {
  private final OutputStream out;
  private final JsonGenerator gen;

  ExportWriter(OutputStream out) throws IOException {
    this.out = out;
    this.gen = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
    gen.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
  }

  /** Exports the store at {@code source} to {@code file}; returns the header it wrote. */
  public static ExportHeader export(DatabaseUrl source, Path file, Progress progress) {
    Path target = file.toAbsolutePath().normalize();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
      throw new TransferException("cannot write " + file + ": " + target.getParent() + " is not a directory");
    }
    // Interrupted (Ctrl-C), the JVM still runs shutdown hooks: no FILE.tmp is left behind.
    Thread cleanup = new Thread(() -> deleteQuietly(tmp), "export-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try (StoreReader reader = StoreReader.open(source, "source")) {
      ExportHeader header = reader.header();
      progress.start("exporting", header.counts().rows());
      ExportHeader.Counts written = ExportHeader.Counts.ZERO;
      try (ExportWriter w = new ExportWriter(open(tmp, target))) {
        w.header(header);
        long n = 0;
        while (reader.hasNext()) {
          Row row = reader.next();
          w.row(row);
          written = written.plus(row);
          progress.advance(++n);
        }
        if (!written.equals(header.counts())) {
          throw new TransferException(
              "the snapshot changed while it was read (header says " + header.counts()
                  + ", rows were " + written + "); nothing was written");
        }
        w.finish();
      }
      // Closing wrote the gzip trailer; make the bytes durable before the rename publishes them.
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      moveIntoPlace(tmp, target);
      progress.finish();
      return header;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new TransferException("cannot write " + file + ": " + TransferException.reason(e), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static OutputStream open(Path tmp, Path target) throws IOException {
    OutputStream raw =
        new BufferedOutputStream(
            Files.newOutputStream(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING),
            1 << 16);
    if (target.getFileName().toString().endsWith(".gz")) {
      return new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16);
    }
    return raw;
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: the .tmp name already says it is incomplete
    }
  }

  void header(ExportHeader h) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("format", ExportHeader.FORMAT);
    gen.writeNumberField("formatVersion", h.formatVersion());
    gen.writeStringField("schemaVersion", h.schemaVersion());
    gen.writeStringField("sourceDatabase", h.sourceDatabase());
    gen.writeStringField("exportedAt", h.exportedAt());
    gen.writeObjectFieldStart("counts");
    gen.writeNumberField("files", h.counts().files());
    gen.writeNumberField("entries", h.counts().entries());
    gen.writeNumberField("file_versions", h.counts().versions());
    gen.writeNumberField("tombstones", h.counts().tombstones());
    gen.writeEndObject();
    gen.writeEndObject();
  }

  void row(Row row) throws IOException {
    gen.writeStartObject();
    if (row instanceof Row.File f) {
      gen.writeStringField("type", "file");
      gen.writeStringField("id", f.fileId());
      gen.writeStringField("tenant", f.tenant());
      gen.writeNumberField("createdAt", f.createdAt());
    } else if (row instanceof Row.Entry e) {
      gen.writeStringField("type", "entry");
      gen.writeStringField("fileId", e.fileId());
      gen.writeStringField("tenant", e.tenant());
      gen.writeStringField("path", e.path());
      content(e.content());
      gen.writeNumberField("version", e.version());
      gen.writeNumberField("createdAt", e.createdAt());
      gen.writeNumberField("modifiedAt", e.modifiedAt());
    } else if (row instanceof Row.Tombstone t) {
      gen.writeStringField("type", "tombstone");
      gen.writeStringField("fileId", t.fileId());
      gen.writeStringField("tenant", t.tenant());
      gen.writeStringField("path", t.path());
      gen.writeNumberField("deletedAt", t.deletedAt());
    } else if (row instanceof Row.Version v) {
      gen.writeStringField("type", "version");
      gen.writeStringField("fileId", v.fileId());
      gen.writeStringField("tenant", v.tenant());
      gen.writeNumberField("version", v.version());
      content(v.content());
      gen.writeNumberField("modifiedAt", v.modifiedAt());
      gen.writeStringField("source", v.source());
    }
    gen.writeEndObject();
  }

  private void content(Row.Content c) throws IOException {
    gen.writeStringField("backend", c.backend());
    gen.writeStringField("physicalPath", c.physicalPath());
    gen.writeNumberField("size", c.size());
    gen.writeStringField("etag", c.etag());
    gen.writeStringField("mimeType", c.mimeType());
    gen.writeFieldName("attrs");
    gen.writeTree(c.attrs());
  }

  /** Ends the last line. */
  void finish() throws IOException {
    gen.writeRaw('\n');
  }

  /** Flushes and closes the stream chain, which finishes the gzip member. */
  @Override
  public void close() throws IOException {
    try {
      gen.close();
    } finally {
      out.close();
    }
  }
}
