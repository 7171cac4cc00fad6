package io.metastore.store.postgres;

import io.metastore.store.sql.SqlRow;
import io.metastore.store.sql.SqlTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The Vert.x reactive client behind {@link SqlTx}; {@code ?} placeholders become {@code $n}. */
final class PgTx implements SqlTx {
  private static final ConcurrentHashMap<String, String> NUMBERED = new ConcurrentHashMap<>();
  private final SqlClient client;

  PgTx(SqlClient client) {
    this.client = client;
  }

  @Override
  public Uni<List<SqlRow>> query(String sql, Object... args) {
    return client
        .preparedQuery(numbered(sql))
        .execute(tuple(args))
        .map(
            rows -> {
              List<SqlRow> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(new PgRow(row));
              }
              return out;
            });
  }

  @Override
  public Uni<Integer> update(String sql, Object... args) {
    return client.preparedQuery(numbered(sql)).execute(tuple(args)).map(r -> r.rowCount());
  }

  private static Tuple tuple(Object[] args) {
    Tuple t = Tuple.tuple();
    for (Object a : args) {
      t.addValue(a);
    }
    return t;
  }

  static String numbered(String sql) {
    return NUMBERED.computeIfAbsent(
        sql,
        s -> {
          StringBuilder b = new StringBuilder(s.length() + 16);
          int n = 0;
          boolean quoted = false;
          for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
              quoted = !quoted;
            }
            if (c == '?' && !quoted) {
              b.append('$').append(++n);
            } else {
              b.append(c);
            }
          }
          return b.toString();
        });
  }

  private record PgRow(Row row) implements SqlRow {
    @Override
    public String string(int column) {
      Object v = row.getValue(column);
      return v == null ? null : v.toString();
    }

    @Override
    public Long longValue(int column) {
      Object v = row.getValue(column);
      return v == null ? null : ((Number) v).longValue();
    }

    @Override
    public UUID uuid(int column) {
      Object v = row.getValue(column);
      return v == null ? null : v instanceof UUID u ? u : UUID.fromString(v.toString());
    }

    @Override
    public long millis(int column) {
      Object v = row.getValue(column);
      if (v instanceof OffsetDateTime odt) {
        return odt.toInstant().toEpochMilli();
      }
      if (v instanceof LocalDateTime ldt) {
        return ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      return ((Number) v).longValue();
    }

    @Override
    public BigInteger bigInteger(int column) {
      Object v = row.getValue(column);
      if (v == null) {
        return null;
      }
      if (v instanceof Numeric n) {
        return n.bigDecimalValue().toBigIntegerExact();
      }
      if (v instanceof BigDecimal bd) {
        return bd.toBigIntegerExact();
      }
      return BigInteger.valueOf(((Number) v).longValue());
    }
  }
}
