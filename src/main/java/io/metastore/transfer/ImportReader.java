package io.metastore.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastore.domain.Attrs;
import io.metastore.domain.InvalidInputException;
import io.metastore.domain.Json;
import io.metastore.domain.PathRules;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an export written by {@link ExportWriter} (gzip recognised by its magic bytes, whatever
 * the name), one line at a time: every line is parsed and checked, and the file as a whole too
 * (grouping by file, ascending ids and versions, counts equal to the header's), so a file that
 * reads to its end without error can be applied. Errors name the line: {@code line N: ...}.
 */
public final class ImportReader implements AutoCloseable {
  /** Longer lines cannot come from an export (attrs are at most 64 KiB, paths 4 KiB). */
  static final int MAX_LINE_CHARS = 1 << 20;

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Year 9999, the last instant both databases hold and ISO-8601 prints in four digits. */
  private static final long MAX_TIME = 253_402_300_799_999L;

  private static final Set<String> FILE_FIELDS = Set.of("type", "id", "tenant", "createdAt");
  private static final Set<String> ENTRY_FIELDS =
      Set.of("type", "fileId", "tenant", "path", "backend", "physicalPath", "size", "etag",
          "mimeType", "attrs", "version", "createdAt", "modifiedAt");
  private static final Set<String> TOMBSTONE_FIELDS =
      Set.of("type", "fileId", "tenant", "path", "deletedAt");
  private static final Set<String> VERSION_FIELDS =
      Set.of("type", "fileId", "tenant", "version", "backend", "physicalPath", "size", "etag",
          "mimeType", "attrs", "modifiedAt", "source");

  private final BoundedLineReader lines;
  private final ExportHeader header;
  private long line;
  private long files;
  private long entries;
  private long versions;
  private long tombstones;
  // The file whose rows are being read, and what has been seen of it.
  private Row.File current;
  private long fileLine;
  private Row.Entry currentEntry;
  private long lastVersion;
  private boolean seenTombstoneOrVersion;
  private boolean ended;

  private ImportReader(BoundedLineReader lines) {
    this.lines = lines;
    this.header = readHeader();
  }

  /** Opens {@code file} and reads its header; rejects anything that is not a version-1 export. */
  public static ImportReader open(Path file) {
    InputStream in;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      in.mark(2);
      int b1 = in.read();
      int b2 = in.read();
      in.reset();
      if (b1 == 0x1f && b2 == 0x8b) {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(null, "no such file: " + file);
    } catch (IOException e) {
      throw new TransferException("cannot read " + file + ": " + TransferException.reason(e), e);
    }
    Reader reader =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    BoundedLineReader lines = new BoundedLineReader(reader, MAX_LINE_CHARS);
    try {
      return new ImportReader(lines);
    } catch (RuntimeException e) {
      lines.close();
      throw e;
    }
  }

  public ExportHeader header() {
    return header;
  }

  /** The line the last row came from (the header is line 1). */
  public long line() {
    return line;
  }

  /** The next row, or null after the last, once the whole file has been checked. */
  public Row read() {
    if (ended) {
      return null;
    }
    String text = nextLine();
    if (text == null) {
      endOfFile();
      return null;
    }
    JsonNode node = parse(text);
    String type = node.path("type").isTextual() ? node.get("type").textValue() : null;
    if (type == null) {
      throw corrupt("has no \"type\" (one of file, entry, tombstone, version)");
    }
    return switch (type) {
      case "file" -> file(node);
      case "entry" -> entry(node);
      case "tombstone" -> tombstone(node);
      case "version" -> version(node);
      default -> throw corrupt("has an unknown type \"" + type + "\"");
    };
  }

  // ------------------------------------------------------------------ header

  private ExportHeader readHeader() {
    String text = nextLine();
    if (text == null) {
      throw new InvalidInputException(null, "the file is empty; it is not a metastore export");
    }
    JsonNode h;
    try {
      h = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw corrupt("is not a metastore export header (not JSON: " + jsonReason(e) + ")");
    }
    if (h == null || !h.isObject() || !ExportHeader.FORMAT.equals(h.path("format").asText(null))) {
      throw corrupt("is not a metastore export header (\"format\" must be \"" + ExportHeader.FORMAT + "\")");
    }
    JsonNode version = h.get("formatVersion");
    if (version == null || !version.isIntegralNumber()) {
      throw corrupt("has no integer \"formatVersion\"");
    }
    if (!version.canConvertToInt() || version.intValue() != ExportHeader.FORMAT_VERSION) {
      throw new InvalidInputException(
          null,
          "unsupported export format version " + version.asText() + "; this build reads version "
              + ExportHeader.FORMAT_VERSION);
    }
    JsonNode counts = h.get("counts");
    if (counts == null || !counts.isObject()) {
      throw corrupt("has no \"counts\" object");
    }
    return new ExportHeader(
        ExportHeader.FORMAT_VERSION,
        text(h, "schemaVersion", true),
        text(h, "sourceDatabase", true),
        text(h, "exportedAt", true),
        new ExportHeader.Counts(
            count(counts, "files"),
            count(counts, "entries"),
            count(counts, "file_versions"),
            count(counts, "tombstones")));
  }

  private long count(JsonNode counts, String name) {
    JsonNode n = counts.get(name);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw corrupt("needs a non-negative integer counts." + name);
    }
    return n.longValue();
  }

  // ------------------------------------------------------------------ rows

  private Row.File file(JsonNode n) {
    fields(n, FILE_FIELDS);
    Row.File f = new Row.File(uuid(n, "id"), text(n, "tenant", true), time(n, "createdAt"));
    if (current != null) {
      endOfFileGroup(line);
      if (f.fileId().compareTo(current.fileId()) <= 0) {
        throw corrupt(
            "file " + f.fileId() + (f.fileId().equals(current.fileId()) ? " appears twice" : " is out of order")
                + "; files must come in ascending id order, each once");
      }
    }
    current = f;
    fileLine = line;
    currentEntry = null;
    lastVersion = 0;
    seenTombstoneOrVersion = false;
    files++;
    return f;
  }

  private Row.Entry entry(JsonNode n) {
    fields(n, ENTRY_FIELDS);
    String fileId = member(n);
    if (currentEntry != null || seenTombstoneOrVersion) {
      throw corrupt("an entry must directly follow its file line, once");
    }
    Row.Entry e =
        new Row.Entry(
            fileId,
            tenant(n),
            path(n),
            content(n),
            positive(n, "version"),
            time(n, "createdAt"),
            time(n, "modifiedAt"));
    currentEntry = e;
    entries++;
    return e;
  }

  private Row.Tombstone tombstone(JsonNode n) {
    fields(n, TOMBSTONE_FIELDS);
    String fileId = member(n);
    if (lastVersion > 0) {
      throw corrupt("tombstones must come before the file's versions");
    }
    seenTombstoneOrVersion = true;
    tombstones++;
    return new Row.Tombstone(fileId, tenant(n), path(n), time(n, "deletedAt"));
  }

  private Row.Version version(JsonNode n) {
    fields(n, VERSION_FIELDS);
    String fileId = member(n);
    long v = positive(n, "version");
    if (v <= lastVersion) {
      throw corrupt("version " + v + " follows version " + lastVersion + "; versions must ascend");
    }
    String source = text(n, "source", true);
    if (!source.equals("put") && !source.equals("rollback")) {
      throw corrupt("source must be \"put\" or \"rollback\", not \"" + source + "\"");
    }
    Row.Version row = new Row.Version(fileId, tenant(n), v, content(n), time(n, "modifiedAt"), source);
    lastVersion = v;
    seenTombstoneOrVersion = true;
    versions++;
    return row;
  }

  /**
   * The checks that need a file's rows complete: it has history, and its entry is the latest.
   * {@code at} is the line that ended the group (the next file line, or the end of the file).
   */
  private void endOfFileGroup(long at) {
    if (lastVersion == 0) {
      throw corrupt("file " + current.fileId() + " (line " + fileLine + ") has no version lines", at);
    }
    if (currentEntry != null && currentEntry.version() != lastVersion) {
      throw corrupt(
          "file " + current.fileId() + " (line " + fileLine + ") is live at version "
              + currentEntry.version() + " but its last version line is " + lastVersion,
          at);
    }
  }

  private void endOfFile() {
    ended = true;
    ExportHeader.Counts seen = new ExportHeader.Counts(files, entries, versions, tombstones);
    if (!seen.equals(header.counts())) {
      throw new InvalidInputException(
          null,
          "line " + (line + 1) + ": the export ends after " + seen + " but its header announces "
              + header.counts() + " (truncated or edited file?)");
    }
    if (current != null) {
      endOfFileGroup(line + 1);
    }
  }

  // ------------------------------------------------------------------ fields

  /** The row's fileId, which must be the current file's, and the same tenant. */
  private String member(JsonNode n) {
    String fileId = uuid(n, "fileId");
    if (current == null) {
      throw corrupt("comes before any file line; every row must follow its file");
    }
    if (!fileId.equals(current.fileId())) {
      throw corrupt(
          "belongs to file " + fileId + " but follows file " + current.fileId()
              + "; a file's rows must follow its file line");
    }
    return fileId;
  }

  private String tenant(JsonNode n) {
    String tenant = text(n, "tenant", true);
    if (!tenant.equals(current.tenant())) {
      throw corrupt("tenant \"" + tenant + "\" differs from its file's tenant \"" + current.tenant() + "\"");
    }
    return tenant;
  }

  private String path(JsonNode n) {
    String p = text(n, "path", true);
    try {
      return PathRules.requireValid(p, "path");
    } catch (InvalidInputException e) {
      throw corrupt(e.getMessage());
    }
  }

  private Row.Content content(JsonNode n) {
    JsonNode attrs = n.get("attrs");
    if (attrs == null || !attrs.isObject()) {
      throw corrupt("attrs must be a JSON object");
    }
    try {
      Attrs.canonical(attrs, "attrs");
    } catch (InvalidInputException e) {
      throw corrupt(e.getMessage());
    }
    long size = number(n, "size");
    if (size < 0) {
      throw corrupt("size must not be negative");
    }
    return new Row.Content(
        text(n, "backend", true),
        text(n, "physicalPath", true),
        size,
        text(n, "etag", false),
        text(n, "mimeType", false),
        attrs);
  }

  private void fields(JsonNode n, Set<String> allowed) {
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      String name = it.next().getKey();
      if (!allowed.contains(name)) {
        throw corrupt("has an unknown field \"" + name + "\" for a " + n.get("type").textValue() + " line");
      }
    }
  }

  private String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw corrupt("needs \"" + field + "\"");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw corrupt(field + " must be a string");
    }
    String s = v.textValue();
    if (required && s.isEmpty()) {
      throw corrupt(field + " must not be empty");
    }
    if (s.indexOf('\u0000') >= 0) {
      throw corrupt(field + " must not contain U+0000");
    }
    try {
      PathRules.utf8Length(s, field);
    } catch (InvalidInputException e) {
      throw corrupt(e.getMessage());
    }
    return s;
  }

  private String uuid(JsonNode n, String field) {
    String s = text(n, field, true);
    if (!UUID_TEXT.matcher(s).matches()) {
      throw corrupt(field + " is not a UUID: " + s);
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  private long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw corrupt("needs \"" + field + "\"");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw corrupt(field + " must be an integer from -2^63 to 2^63-1, not " + v);
    }
    return v.longValue();
  }

  private long positive(JsonNode n, String field) {
    long v = number(n, field);
    if (v < 1) {
      throw corrupt(field + " must be at least 1");
    }
    return v;
  }

  private long time(JsonNode n, String field) {
    long t = number(n, field);
    if (t < 0 || t > MAX_TIME) {
      throw corrupt(field + " must be epoch milliseconds between 1970 and 9999, not " + t);
    }
    return t;
  }

  // ------------------------------------------------------------------ lines

  private JsonNode parse(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      if (node == null || !node.isObject()) {
        throw corrupt("is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw corrupt("is not valid JSON: " + jsonReason(e));
    }
  }

  /** Jackson's message without its source-location dump, and the column it stopped at. */
  static String jsonReason(JsonProcessingException e) {
    String msg =
        e.getOriginalMessage()
            .replaceAll("\\s*\\(start marker at \\[Source:.*?; line: \\d+, column: \\d+\\]\\)", "")
            .replaceAll("\\s+", " ")
            .trim();
    return e.getLocation() == null ? msg : msg + " (column " + e.getLocation().getColumnNr() + ")";
  }

  private String nextLine() {
    try {
      String s = lines.next();
      if (s != null) {
        line++;
      }
      return s;
    } catch (BoundedLineReader.LineTooLong e) {
      line++;
      throw corrupt("is longer than " + MAX_LINE_CHARS + " characters; not an export line");
    } catch (CharacterCodingException e) {
      throw corrupt("is not valid UTF-8", line + 1);
    } catch (EOFException | ZipException e) {
      throw corrupt("the compressed file is truncated or corrupt (" + TransferException.reason(e) + ")", line + 1);
    } catch (IOException e) {
      throw new TransferException("reading the export failed at line " + (line + 1) + ": " + TransferException.reason(e), e);
    }
  }

  private InvalidInputException corrupt(String what) {
    return corrupt(what, line);
  }

  private static InvalidInputException corrupt(String what, long at) {
    return new InvalidInputException(null, "line " + at + ": " + what);
  }

  @Override
  public void close() {
    lines.close();
  }
}
