package io.metastore.replica;

import io.metastore.TestDatabases;
import io.metastore.config.DatabaseUrl;
import io.metastore.store.postgres.ReadYourWrites;
import io.vertx.core.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a careful HTTP client does with the consistency headers, for store-level tests: keeps the
 * latest Metastore-Lsn its writes returned and, while {@link #echo} is on, sends it with every
 * read as Metastore-Min-Lsn. One session for all threads of a test. A patient client also waits,
 * before each read it starts itself (not on an event loop), until the replica has replayed its
 * latest write, so that the replica, not the primary, serves it.
 */
final class ClientSession implements ReadYourWrites, ReadYourWrites.Session {
  private final AtomicReference<String> latest = new AtomicReference<>();
  private volatile boolean echo;
  private volatile String override;
  private final DatabaseUrl waitFor;

  ClientSession(boolean echo) {
    this.echo = echo;
    this.waitFor = null;
  }

  /** A patient client: echoes positions and waits for {@code replica} to replay them. */
  ClientSession(DatabaseUrl replica) {
    this.echo = true;
    this.waitFor = replica;
  }

  @Override
  public Session session() {
    return this;
  }

  @Override
  public String minimumPosition() {
    if (override != null) {
      return override;
    }
    String position = echo ? latest.get() : null;
    if (position != null && waitFor != null && !Context.isOnVertxThread()) {
      awaitReplayed(position);
    }
    return position;
  }

  private void awaitReplayed(String position) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    try (Connection c = TestDatabases.connect(waitFor);
        PreparedStatement st = c.prepareStatement("SELECT pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn)")) {
      st.setString(1, position);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            return;
          }
        }
        Thread.sleep(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot ask the replica how far it is: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void committed(String position) {
    latest.accumulateAndGet(position, (a, b) -> a == null || lsn(b) > lsn(a) ? b : a);
  }

  /** The position of the latest write, as the client would have it from Metastore-Lsn. */
  String latest() {
    return latest.get();
  }

  void echo(boolean on) {
    echo = on;
  }

  /** Sends exactly {@code position} (even a malformed one) until reset with null. */
  void send(String position) {
    override = position;
  }

  static long lsn(String text) {
    int slash = text.indexOf('/');
    return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
  }
}
