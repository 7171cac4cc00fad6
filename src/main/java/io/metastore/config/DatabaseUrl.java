package io.metastore.config;

import io.metastore.domain.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database location in the forms users already write (API.md, "Database selection"):
 * {@code sqlite:///relative.db}, {@code sqlite:////absolute.db},
 * {@code postgresql://user:pass@host:5432/db} (also {@code postgres://} and driver suffixes such
 * as {@code postgresql+asyncpg://}), and plain {@code jdbc:} URLs.
 */
public record DatabaseUrl(
    DatabaseKind kind,
    String jdbcUrl,
    String reactiveUrl,
    String user,
    String password,
    Path sqliteFile) {

  public static final String DEFAULT = "sqlite:///data/metastore.db";
  /** The URL parameter that declares a transaction-mode pooler such as PgBouncer. */
  public static final String TRANSACTION_POOLING = "pgbouncer";
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)(\\+[^:/]*)?:(.*)$", Pattern.DOTALL);
  private static final Pattern AUTHORITY =
      Pattern.compile("^//(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(/[^?]*)?(\\?.*)?$");

  public static DatabaseUrl parse(String url) {
    return parse(url, SqliteSettings.DEFAULT);
  }

  public static DatabaseUrl parse(String url, SqliteSettings sqlite) {
    if (url == null || url.isBlank()) {
      url = DEFAULT;
    }
    url = url.trim();
    if (url.startsWith("jdbc:sqlite:")) {
      String rest = url.substring("jdbc:sqlite:".length());
      int q = rest.indexOf('?');
      String file = q >= 0 ? rest.substring(0, q) : rest;
      if (file.startsWith("file:")) {
        file = file.substring(5);
      }
      return sqlite(file, q >= 0 ? rest.substring(q + 1) : "", sqlite);
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return postgres(url.substring("jdbc:".length()), true);
    }
    Matcher m = SCHEME.matcher(url);
    if (!m.matches()) {
      throw new InvalidInputException("database URL", "is not a URL: " + redact(url));
    }
    String scheme = m.group(1).toLowerCase();
    switch (scheme) {
      case "sqlite" -> {
        String rest = m.group(3);
        if (!rest.startsWith("///")) {
          throw new InvalidInputException(
              "database URL", "must be sqlite:///relative/file.db or sqlite:////absolute/file.db");
        }
        String path = rest.substring(3);
        int q = path.indexOf('?');
        String query = q >= 0 ? path.substring(q + 1) : "";
        path = q >= 0 ? path.substring(0, q) : path;
        return sqlite(path, query, sqlite);
      }
      case "postgresql", "postgres", "pgsql" -> {
        return postgres("postgresql:" + m.group(3), false);
      }
      default ->
          throw new InvalidInputException(
              "database URL",
              "has an unsupported scheme '" + scheme + "'; use sqlite:/// or postgresql://");
    }
  }

  private static DatabaseUrl sqlite(String file, String query, SqliteSettings settings) {
    if (file.isEmpty() || file.equals(":memory:") || file.startsWith(":memory:")) {
      throw new InvalidInputException(
          "database URL", "must name a SQLite file; in-memory databases are not supported");
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("journal_mode", "WAL");
    params.put("synchronous", settings.synchronous());
    params.put("foreign_keys", "true");
    params.put("busy_timeout", Integer.toString(settings.busyTimeoutMillis()));
    params.put("transaction_mode", "IMMEDIATE");
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          params.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    StringBuilder jdbc = new StringBuilder("jdbc:sqlite:").append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      jdbc.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = '&';
    }
    return new DatabaseUrl(DatabaseKind.SQLITE, jdbc.toString(), null, null, null, path);
  }

  /** {@code url} is "postgresql://..." (from a plain URL, or a jdbc: URL without its prefix). */
  private static DatabaseUrl postgres(String url, boolean fromJdbc) {
    String rest = url.substring("postgresql:".length());
    Matcher a = AUTHORITY.matcher(rest);
    if (!a.matches() || a.group(3).isEmpty()) {
      throw new InvalidInputException(
          "database URL", "must look like postgresql://user:pass@host:5432/db: " + redact(url));
    }
    String user = decode(a.group(1));
    String password = decode(a.group(2));
    String hostPort = a.group(3);
    String db = a.group(4) == null || a.group(4).length() <= 1 ? "postgres" : a.group(4).substring(1);
    String query = a.group(5) == null ? "" : a.group(5).substring(1);
    Map<String, String> params = new LinkedHashMap<>();
    boolean pooled = false;
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        String k = eq > 0 ? kv.substring(0, eq) : kv;
        String v = eq > 0 ? decode(kv.substring(eq + 1)) : "";
        if (k.equals("user")) {
          user = v;
        } else if (k.equals("password")) {
          password = v;
        } else if (k.equals(TRANSACTION_POOLING)) {
          pooled = isTrue(v);
        } else {
          params.put(k, v);
        }
      }
    }
    if (!hostPort.contains(":") && !hostPort.startsWith("[")) {
      hostPort = hostPort + ":5432";
    }
    Map<String, String> jdbcParams = new LinkedHashMap<>(params);
    if (pooled) {
      // pgJDBC (Flyway, the CLI) then never names a server-side prepared statement.
      jdbcParams.putIfAbsent("prepareThreshold", "0");
    }
    String base = "postgresql://" + hostPort + "/" + db;
    return new DatabaseUrl(
        DatabaseKind.POSTGRESQL,
        "jdbc:" + base + query(jdbcParams),
        base + query(params),
        user == null || user.isEmpty() ? "postgres" : user,
        password,
        null);
  }

  private static String query(Map<String, String> params) {
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      q.append(q.length() == 0 ? '?' : '&').append(e.getKey()).append('=').append(e.getValue());
    }
    return q.toString();
  }

  /**
   * Whether a PostgreSQL URL says, with {@code ?pgbouncer=true}, that it reaches the server through
   * a pooler in transaction mode (docs/pgbouncer.md): then no client may rely on a session, so
   * neither named prepared statements (pgJDBC: {@code prepareThreshold=0}) nor the reactive
   * client's statement cache are used, and the reactive client runs in its layer-7-proxy mode.
   */
  public static boolean transactionPooling(String url) {
    if (url == null) {
      return false;
    }
    int q = url.indexOf('?');
    if (q < 0) {
      return false;
    }
    for (String kv : url.substring(q + 1).trim().split("&")) {
      int eq = kv.indexOf('=');
      if ((eq > 0 ? kv.substring(0, eq) : kv).equals(TRANSACTION_POOLING)) {
        return isTrue(eq > 0 ? decode(kv.substring(eq + 1)) : "");
      }
    }
    return false;
  }

  private static boolean isTrue(String v) {
    return v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1");
  }

  private static String decode(String s) {
    return s == null ? null : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL without its password, for logs and errors. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("://([^:@/]*):[^@/]*@", "://$1:***@");
  }

  @Override
  public String toString() {
    return kind == DatabaseKind.SQLITE ? "sqlite:" + sqliteFile : redact(reactiveUrl);
  }

  /** SQLite connection settings that go into its JDBC URL. */
  public record SqliteSettings(int busyTimeoutMillis, String synchronous) {
    public static final SqliteSettings DEFAULT = new SqliteSettings(5000, "FULL");
  }
}
