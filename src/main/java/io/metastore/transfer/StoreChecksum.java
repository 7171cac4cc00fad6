package io.metastore.transfer;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-tenant counts (files, live files, versions, tombstones) and an order-independent checksum of
 * a store's rows: the SHA-256 of each row's canonical form, summed modulo 2^256. Two stores with
 * the same rows give the same result whatever the database, its row order or its JSON spelling.
 * Memory grows with the number of tenants, not of rows.
 */
public final class StoreChecksum {
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  private final Map<String, Tenant> tenants = new TreeMap<>();
  private final MessageDigest sha256;

  public StoreChecksum() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Reads every row of the store at {@code reader}'s snapshot. */
  public static StoreChecksum of(StoreReader reader) {
    StoreChecksum sum = new StoreChecksum();
    while (reader.hasNext()) {
      sum.add(reader.next());
    }
    return sum;
  }

  public void add(Row row) {
    Tenant t = tenants.computeIfAbsent(row.tenant(), k -> new Tenant());
    if (row instanceof Row.File) {
      t.files++;
    } else if (row instanceof Row.Entry) {
      t.liveFiles++;
    } else if (row instanceof Row.Version) {
      t.versions++;
    } else {
      t.tombstones++;
    }
    byte[] digest = sha256.digest(canonical(row).getBytes(StandardCharsets.UTF_8));
    t.sum = t.sum.add(new BigInteger(1, digest)).mod(MODULUS);
  }

  /** A row as a canonical JSON array: its kind, then every column, attrs canonicalised. */
  static String canonical(Row row) {
    StringBuilder b = new StringBuilder("[");
    if (row instanceof Row.File f) {
      b.append("\"file\"");
      fields(b, f.fileId(), f.tenant(), f.createdAt());
    } else if (row instanceof Row.Entry e) {
      b.append("\"entry\"");
      fields(b, e.fileId(), e.tenant(), e.path(), e.version(), e.createdAt(), e.modifiedAt());
      content(b, e.content());
    } else if (row instanceof Row.Version v) {
      b.append("\"version\"");
      fields(b, v.fileId(), v.tenant(), v.version(), v.modifiedAt(), v.source());
      content(b, v.content());
    } else if (row instanceof Row.Tombstone t) {
      b.append("\"tombstone\"");
      fields(b, t.fileId(), t.tenant(), t.path(), t.deletedAt());
    }
    return b.append(']').toString();
  }

  private static void content(StringBuilder b, Row.Content c) {
    fields(b, c.backend(), c.physicalPath(), c.size(), c.etag(), c.mimeType());
    b.append(',');
    CanonicalJson.write(c.attrs(), b);
  }

  private static void fields(StringBuilder b, Object... values) {
    for (Object v : values) {
      b.append(',');
      if (v == null) {
        b.append("null");
      } else if (v instanceof Long n) {
        b.append(n.longValue());
      } else {
        CanonicalJson.string(v.toString(), b);
      }
    }
  }

  public Map<String, Tenant> tenants() {
    return tenants;
  }

  /** All tenants together. */
  public Tenant total() {
    Tenant all = new Tenant();
    for (Tenant t : tenants.values()) {
      all.files += t.files;
      all.liveFiles += t.liveFiles;
      all.versions += t.versions;
      all.tombstones += t.tombstones;
      all.sum = all.sum.add(t.sum).mod(MODULUS);
    }
    return all;
  }

  /** Tenants whose counts or checksum differ between the two sides, in name order. */
  public List<String> differingTenants(StoreChecksum other) {
    TreeMap<String, Boolean> names = new TreeMap<>();
    tenants.keySet().forEach(n -> names.put(n, true));
    other.tenants.keySet().forEach(n -> names.put(n, true));
    List<String> out = new ArrayList<>();
    for (String n : names.keySet()) {
      if (!Objects.equals(tenants.get(n), other.tenants.get(n))) {
        out.add(n);
      }
    }
    return out;
  }

  /** One tenant's counts and checksum. */
  public static final class Tenant {
    long files;
    long liveFiles;
    long versions;
    long tombstones;
    BigInteger sum = BigInteger.ZERO;

    public long files() {
      return files;
    }

    public long liveFiles() {
      return liveFiles;
    }

    public long versions() {
      return versions;
    }

    public long tombstones() {
      return tombstones;
    }

    /** The checksum as 64 hex digits. */
    public String checksum() {
      String hex = sum.toString(16);
      return "0".repeat(64 - hex.length()) + hex;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tenant t
          && files == t.files
          && liveFiles == t.liveFiles
          && versions == t.versions
          && tombstones == t.tombstones
          && sum.equals(t.sum);
    }

    @Override
    public int hashCode() {
      return Objects.hash(files, liveFiles, versions, tombstones, sum);
    }

    @Override
    public String toString() {
      return files + " files, " + liveFiles + " live, " + versions + " versions, " + tombstones
          + " tombstones, checksum " + checksum().substring(0, 16);
    }
  }
}
