package io.metastore.store.sqlite;

import io.metastore.store.sql.SqlRow;
import io.metastore.store.sql.SqlTx;
import io.smallrye.mutiny.Uni;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Blocking JDBC behind the {@link SqlTx} shape; only ever called on a worker thread. */
public final class JdbcTx implements SqlTx {
  private final Connection connection;

  public JdbcTx(Connection connection) {
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      throw new IllegalStateException("blocking JDBC call on a Vert.x event loop thread");
    }
    this.connection = connection;
  }

  @Override
  public Uni<List<SqlRow>> query(String sql, Object... args) {
    try (PreparedStatement st = prepare(sql, args);
        ResultSet rs = st.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      List<SqlRow> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = rs.getObject(i + 1);
        }
        rows.add(new Row(values));
      }
      return Uni.createFrom().item(rows);
    } catch (SQLException e) {
      return Uni.createFrom().failure(new SqlFailure(e));
    }
  }

  @Override
  public Uni<Integer> update(String sql, Object... args) {
    try (PreparedStatement st = prepare(sql, args)) {
      return Uni.createFrom().item(st.executeUpdate());
    } catch (SQLException e) {
      return Uni.createFrom().failure(new SqlFailure(e));
    }
  }

  private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
    PreparedStatement st = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      st.setObject(i + 1, args[i]);
    }
    return st;
  }

  /** An SQLException carried through the Uni chain, unwrapped by the adapter. */
  public static final class SqlFailure extends RuntimeException {
    public SqlFailure(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    public SQLException sqlException() {
      return (SQLException) getCause();
    }
  }

  private record Row(Object[] values) implements SqlRow {
    @Override
    public String string(int column) {
      Object v = values[column];
      return v == null ? null : v.toString();
    }

    @Override
    public Long longValue(int column) {
      Object v = values[column];
      return v == null ? null : ((Number) v).longValue();
    }

    @Override
    public UUID uuid(int column) {
      Object v = values[column];
      return v == null ? null : UUID.fromString(v.toString());
    }

    @Override
    public long millis(int column) {
      return ((Number) values[column]).longValue();
    }

    @Override
    public BigInteger bigInteger(int column) {
      Object v = values[column];
      return v == null ? null : BigInteger.valueOf(((Number) v).longValue());
    }
  }
}
