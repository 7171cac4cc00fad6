package io.metastore.store.postgres;

import io.metastore.store.sql.SqlDialect;
import io.metastore.store.sql.SqlTx;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL spelling: native uuid, timestamptz, jsonb bound through text, and transaction-scoped
 * advisory locks that serialise changes to the same part of the namespace.
 */
final class PostgresDialect implements SqlDialect {
  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String jsonParam() {
    return "CAST(CAST(? AS text) AS jsonb)";
  }

  @Override
  public String timeParam() {
    return "CAST(? AS timestamptz)";
  }

  @Override
  public String jsonText(String column) {
    return "CAST(" + column + " AS text)";
  }

  /** jsonb prints with spaces after ':' and ','; clients get the compact form SQLite gives. */
  @Override
  public String jsonOut(String stored) {
    return stored == null ? null : io.metastore.domain.Json.write(io.metastore.domain.Json.read(stored));
  }

  @Override
  public Object uuid(UUID id) {
    return id;
  }

  @Override
  public Object time(long epochMillis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  /**
   * Creating /a/b takes shared locks on /a and exclusive on /a/b; creating the file /a takes an
   * exclusive lock on /a, so the two cannot both succeed; pruning an emptied directory takes it
   * exclusively too. Deadlocks this can form are resolved by PostgreSQL and retried.
   */
  @Override
  public Uni<Void> lock(SqlTx tx, String tenant, List<String> shared, List<String> exclusive) {
    return tx.query(
            "SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(k) FROM unnest(CAST(? AS bigint[])) AS k"
                + " UNION ALL SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(? AS bigint[])) AS k) AS locks",
            keys(tenant, shared),
            keys(tenant, exclusive))
        .replaceWithVoid();
  }

  static Long[] keys(String tenant, List<String> paths) {
    Long[] keys = new Long[paths.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = fnv1a(tenant + '\u0000' + paths.get(i));
    }
    return keys;
  }

  static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
