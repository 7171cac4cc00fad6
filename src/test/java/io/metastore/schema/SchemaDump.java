package io.metastore.schema;

import io.metastore.config.DatabaseKind;
import io.metastore.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Normalised views of a schema, for comparing databases and revisions. */
final class SchemaDump {
  private SchemaDump() {}

  /** Physical dump: everything the database says about our tables, in a stable order. */
  static String physical(DatabaseUrl url) throws SQLException {
    try (Connection c = new SchemaMigrator(url).connect(); Statement st = c.createStatement()) {
      List<String> lines = new ArrayList<>();
      if (url.kind() == DatabaseKind.SQLITE) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                    + " AND tbl_name <> 'flyway_schema_history' ORDER BY type, name")) {
          while (rs.next()) {
            lines.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
          }
        }
      } else {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT table_name, column_name, data_type, is_nullable, coalesce(collation_name, ''),"
                    + " coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = current_schema()"
                    + " AND table_name <> 'flyway_schema_history' ORDER BY table_name, column_name")) {
          while (rs.next()) {
            lines.add("column " + rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3) + " "
                + rs.getString(4) + " " + rs.getString(5) + " " + rs.getString(6));
          }
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND tablename <> 'flyway_schema_history' ORDER BY indexname")) {
          while (rs.next()) {
            lines.add("index " + rs.getString(1) + " " + rs.getString(2));
          }
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE connamespace = current_schema()::regnamespace"
                    + " AND conrelid::regclass::text <> 'flyway_schema_history' ORDER BY 1, 2")) {
          while (rs.next()) {
            lines.add("constraint " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
          }
        }
      }
      return String.join("\n", lines);
    }
  }

  /**
   * Logical model: tables, columns with portable types and nullability, primary keys, foreign
   * keys and (non-GIN) indexes; comparable across SQLite and PostgreSQL.
   */
  static Map<String, Object> logical(DatabaseUrl url) throws SQLException {
    Map<String, Object> model = new TreeMap<>();
    try (Connection c = new SchemaMigrator(url).connect()) {
      DatabaseMetaData md = c.getMetaData();
      String schema = url.kind() == DatabaseKind.POSTGRESQL ? "public" : null;
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String t = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (!t.equals("flyway_schema_history") && !t.startsWith("sqlite_")) {
            tables.add(t);
          }
        }
      }
      for (String t : tables) {
        TreeSet<String> cols = new TreeSet<>();
        try (ResultSet rs = md.getColumns(null, schema, t, "%")) {
          while (rs.next()) {
            cols.add(rs.getString("COLUMN_NAME") + " " + portable(rs.getString("TYPE_NAME"))
                + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " not null" : ""));
          }
        }
        model.put(t + ".columns", cols);
        TreeMap<Integer, String> pk = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, t)) {
          while (rs.next()) {
            pk.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
          }
        }
        model.put(t + ".primaryKey", new ArrayList<>(pk.values()));
        TreeSet<String> fks = new TreeSet<>();
        try (ResultSet rs = md.getImportedKeys(null, schema, t)) {
          while (rs.next()) {
            fks.add(rs.getString("FKCOLUMN_NAME") + " -> " + rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT)
                + "." + rs.getString("PKCOLUMN_NAME"));
          }
        }
        model.put(t + ".foreignKeys", fks);
        TreeMap<String, TreeMap<Integer, String>> idx = new TreeMap<>();
        TreeMap<String, Boolean> unique = new TreeMap<>();
        try (ResultSet rs = md.getIndexInfo(null, schema, t, false, false)) {
          while (rs.next()) {
            String name = rs.getString("INDEX_NAME");
            String col = rs.getString("COLUMN_NAME");
            if (name == null || col == null || name.startsWith("sqlite_autoindex") || name.endsWith("_pkey")) {
              continue;
            }
            idx.computeIfAbsent(name, k -> new TreeMap<>()).put(rs.getInt("ORDINAL_POSITION"), col);
            unique.put(name, !rs.getBoolean("NON_UNIQUE"));
          }
        }
        TreeSet<String> indexes = new TreeSet<>();
        idx.forEach((name, columns) -> indexes.add(name + (unique.get(name) ? " unique" : "") + " " + columns.values()));
        model.put(t + ".indexes", indexes);
      }
    }
    return model;
  }

  static String portable(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "uuid", "text", "jsonb", "varchar", "bpchar" -> "TEXT";
      case "int8", "bigint", "integer", "int4", "timestamptz" -> "INTEGER";
      default -> t.toUpperCase(Locale.ROOT);
    };
  }
}
