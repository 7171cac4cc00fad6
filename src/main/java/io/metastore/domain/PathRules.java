package io.metastore.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that knows what a file path is (API.md, "path"): absolute, UTF-8, no empty, "." or
 * ".." segments, no trailing "/", no control characters, at most 4096 bytes and 255 bytes per
 * segment. Paths are never normalized; they compare by their UTF-8 bytes.
 */
public final class PathRules {
  public static final int MAX_PATH_BYTES = 4096;
  public static final int MAX_SEGMENT_BYTES = 255;
  public static final String ROOT = "/";

  private PathRules() {}

  /** Checks an absolute path; {@code field} names it in the error. */
  public static String requireValid(String path, String field) {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException(field, "is required");
    }
    if (path.charAt(0) != '/') {
      throw new InvalidInputException(field, "must start with '/': " + quote(path));
    }
    if (path.length() > 1 && path.endsWith("/")) {
      throw new InvalidInputException(field, "must not end with '/': " + quote(path));
    }
    if (path.equals(ROOT)) {
      throw new InvalidInputException(field, "must name a file below '/', not the root");
    }
    int total = utf8Length(path, field);
    if (total > MAX_PATH_BYTES) {
      throw new InvalidInputException(
          field, "is " + total + " bytes long; at most " + MAX_PATH_BYTES + " are allowed");
    }
    for (String segment : path.substring(1).split("/", -1)) {
      requireValidSegment(segment, field, path);
    }
    return path;
  }

  static void requireValidSegment(String segment, String field, String path) {
    if (segment.isEmpty()) {
      throw new InvalidInputException(field, "has an empty segment: " + quote(path));
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw new InvalidInputException(field, "has a '" + segment + "' segment: " + quote(path));
    }
    int bytes = utf8Length(segment, field);
    if (bytes > MAX_SEGMENT_BYTES) {
      throw new InvalidInputException(
          field, "has a segment of " + bytes + " bytes; at most " + MAX_SEGMENT_BYTES + " are allowed");
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (isControl(c)) {
        throw new InvalidInputException(
            field, String.format("contains the control character U+%04X", (int) c));
      }
    }
  }

  /**
   * A listing prefix names a directory: "/" or a valid path; a trailing "/" is ignored. Returns
   * the directory without its trailing "/" ("/" for the root).
   */
  public static String directoryPrefix(String prefix, String field) {
    if (prefix == null || prefix.isEmpty() || prefix.equals(ROOT)) {
      return ROOT;
    }
    if (prefix.charAt(0) != '/') {
      throw new InvalidInputException(field, "must start with '/': " + quote(prefix));
    }
    String dir = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    requireValid(dir, field);
    return dir;
  }

  /** The directory holding {@code path}: "/" for a top-level entry. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? ROOT : path.substring(0, slash);
  }

  /** Every proper ancestor directory of {@code path}, top-down, without "/". */
  public static List<String> ancestors(String path) {
    List<String> result = new ArrayList<>();
    int from = 1;
    int slash;
    while ((slash = path.indexOf('/', from)) > 0) {
      result.add(path.substring(0, slash));
      from = slash + 1;
    }
    return result;
  }

  /** True when {@code path} lies strictly below directory {@code dir}. */
  public static boolean isBelow(String path, String dir) {
    return dir.equals(ROOT) ? !path.equals(ROOT) : path.startsWith(dir + "/");
  }

  /** Lowest key (exclusive) of everything below {@code dir}. */
  public static String rangeStart(String dir) {
    return dir.equals(ROOT) ? ROOT : dir + "/";
  }

  /** Upper key (exclusive) of everything below {@code dir}: '0' is the byte after '/'. */
  public static String rangeEnd(String dir) {
    return dir.equals(ROOT) ? "0" : dir + "0";
  }

  /**
   * Decodes one percent-encoded URL segment strictly: invalid escapes, invalid UTF-8 and an
   * encoded '/' are errors, never repaired.
   */
  public static String decodeSegment(String raw, String field) {
    if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new InvalidInputException(field, "has a truncated percent-escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new InvalidInputException(field, "has an invalid percent-escape");
        }
        int b = (hi << 4) | lo;
        if (b == '/') {
          throw new InvalidInputException(field, "contains an encoded '/' (%2F) inside a segment");
        }
        bytes.put((byte) b);
        i += 2;
      } else if (c > 0x7f) {
        // A raw non-ASCII character in the URL: take its UTF-8 bytes.
        byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          enc = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        ByteBuffer bigger = ByteBuffer.allocate(bytes.capacity() + enc.length);
        bytes.flip();
        bigger.put(bytes);
        bigger.put(enc);
        bytes = bigger;
      } else {
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(field, "is not valid UTF-8");
    }
  }

  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /** UTF-8 length; lone surrogates cannot be encoded and are rejected. */
  public static int utf8Length(String s, String field) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          n += 4;
          i++;
        } else {
          throw new InvalidInputException(field, "is not valid UTF-8 (lone surrogate)");
        }
      } else if (Character.isLowSurrogate(c)) {
        throw new InvalidInputException(field, "is not valid UTF-8 (lone surrogate)");
      } else {
        n += 3;
      }
    }
    return n;
  }

  static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder b = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      if (isControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
