package io.metastore.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An opaque keyset cursor: the last key of the page, bound to the listing that made it by a hash
 * of that listing's parameters (its scope). A cursor from another listing, or garbage, is a 400.
 */
public final class Cursor {
  private static final int TAG_BYTES = 8;

  private Cursor() {}

  public static String encode(String scope, String lastKey) {
    byte[] key = lastKey.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(TAG_BYTES + key.length);
    buf.put(tag(scope)).put(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
  }

  /** The last key, or null when {@code cursor} is null or empty (the first page). */
  public static String decode(String scope, String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cursor", "is not a cursor this service made");
    }
    if (raw.length < TAG_BYTES
        || !Arrays.equals(Arrays.copyOf(raw, TAG_BYTES), tag(scope))) {
      throw new InvalidInputException(
          "cursor", "does not belong to this listing (same prefix, recursive and query needed)");
    }
    return new String(raw, TAG_BYTES, raw.length - TAG_BYTES, StandardCharsets.UTF_8);
  }

  private static byte[] tag(String scope) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, TAG_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
