package io.metastore.store.postgres;

import io.metastore.domain.MetastoreException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Streaming replicas that serve reads, taken in turn. Each is probed every {@code checkInterval};
 * one that does not answer, or lags more than {@code maxLag}, is skipped until a probe finds it
 * fit again, and a read it fails is re-run on the next replica, then on the primary.
 *
 * <p>Lag is measured from WAL positions, not from replay timestamps (which stand still while the
 * primary is idle): every probe samples the primary's position, and a replica that has replayed
 * the position sampled at time t holds everything committed before t, so it lags at most now - t.
 */
public final class ReadReplicas implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ReadReplicas.class);
  private static final String REPLAY_POSITION =
      "CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END";

  /**
   * @param maxLag a replica further behind than this is skipped; keep it a few times {@code checkInterval}
   * @param checkInterval how often each replica (and the primary's WAL position) is probed
   * @param timeout a replica that has not answered a probe or a read within this is taken as down
   */
  public record Settings(Duration maxLag, Duration checkInterval, Duration timeout) {
    public static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  /** A replica to read from: a name for logs and health (no password in it) and a pool on it. */
  public record Target(String name, Pool pool) {}

  /**
   * One replica as health reports it. {@code state} is usable, lagging, down or unknown (not
   * probed, or not caught up with any sampled position yet while watched for less than maxLag);
   * {@code lagMillis} is null until it has caught up once; {@code reads} counts reads it served.
   */
  public record Status(
      String name,
      String state,
      Boolean inRecovery,
      Long lagMillis,
      String replayPosition,
      long reads,
      String problem) {}

  private final Vertx vertx;
  private final Pool primary;
  private final List<Replica> replicas;
  private final Settings settings;
  private final Deque<long[]> samples = new ArrayDeque<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong primaryReads = new AtomicLong();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final long createdAt = System.nanoTime();
  private volatile boolean closed;
  private long timer = -1;

  private ReadReplicas(Vertx vertx, Pool primary, List<Target> targets, Settings settings) {
    this.vertx = vertx;
    this.primary = primary;
    this.settings = settings;
    this.replicas = targets.stream().map(Replica::new).toList();
  }

  /** Starts probing {@code targets} at once and then every {@code settings.checkInterval()}. */
  public static ReadReplicas start(Vertx vertx, Pool primary, List<Target> targets, Settings settings) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no read replica given");
    }
    ReadReplicas r = new ReadReplicas(vertx, primary, targets, settings);
    r.timer = vertx.setPeriodic(1, Math.max(10, settings.checkInterval().toMillis()), id -> r.probe());
    return r;
  }

  /** Each replica's state, in configuration order. */
  public List<Status> status() {
    long now = System.nanoTime();
    return replicas.stream().map(r -> r.status(now)).toList();
  }

  /** Reads served by the primary because no replica was fit (or caught up) for them. */
  public long primaryReads() {
    return primaryReads.get();
  }

  @Override
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    for (Replica r : replicas) {
      r.pool.close().subscribe().with(x -> {}, e -> {});
    }
  }

  // ---------------------------------------------------------------- routing

  /**
   * Runs {@code work} on a fit replica that has replayed {@code minimum} ({@link Lsn#NONE}: any
   * fit replica); on the primary ({@code onPrimary}) when none is fit or caught up. A replica that
   * fails or does not answer in time is skipped for the next one; domain exceptions pass through.
   */
  <T> Uni<T> read(long minimum, Function<SqlConnection, Uni<T>> work, Supplier<Uni<T>> onPrimary) {
    return attempt(candidates(), 0, minimum, work, onPrimary);
  }

  private List<Replica> candidates() {
    long now = System.nanoTime();
    int n = replicas.size();
    int first = Math.floorMod(next.getAndIncrement(), n);
    List<Replica> fit = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Replica r = replicas.get((first + i) % n);
      if (r.usable(now)) {
        fit.add(r);
      }
    }
    return fit;
  }

  private <T> Uni<T> attempt(
      List<Replica> candidates,
      int i,
      long minimum,
      Function<SqlConnection, Uni<T>> work,
      Supplier<Uni<T>> onPrimary) {
    if (i == candidates.size()) {
      return onPrimary(onPrimary);
    }
    Replica r = candidates.get(i);
    return r.pool
        .withConnection(
            conn ->
                r.reached(conn, minimum)
                    .chain(
                        reached ->
                            reached
                                ? work.apply(conn).map(Outcome::served)
                                : Uni.createFrom().item(Outcome.<T>behind())))
        .ifNoItem()
        .after(settings.timeout())
        .failWith(() -> new TimeoutException("no answer within " + settings.timeout()))
        .onFailure(t -> !(t instanceof MetastoreException))
        .recoverWithItem(
            t -> {
              r.readFailed(t);
              return Outcome.failed();
            })
        .chain(
            o ->
                switch (o.kind) {
                  case SERVED -> {
                    r.reads.incrementAndGet();
                    yield Uni.createFrom().item(o.value);
                  }
                  case BEHIND -> onPrimary(onPrimary);
                  default -> attempt(candidates, i + 1, minimum, work, onPrimary);
                });
  }

  private <T> Uni<T> onPrimary(Supplier<Uni<T>> read) {
    primaryReads.incrementAndGet();
    return read.get();
  }

  private enum Kind {
    SERVED,
    BEHIND,
    FAILED
  }

  private record Outcome<T>(Kind kind, T value) {
    static <T> Outcome<T> served(T value) {
      return new Outcome<>(Kind.SERVED, value);
    }

    static <T> Outcome<T> behind() {
      return new Outcome<>(Kind.BEHIND, null);
    }

    static <T> Outcome<T> failed() {
      return new Outcome<>(Kind.FAILED, null);
    }
  }

  // ---------------------------------------------------------------- probing

  private void probe() {
    if (closed || !probing.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    try {
      primary
          .query("SELECT pg_current_wal_lsn()::text")
          .execute()
          .ifNoItem()
          .after(settings.timeout())
          .fail()
          .invoke(rows -> sample(started, Lsn.of(first(rows).getString(0))))
          // Primary unreachable: no new sample, so replicas age out after maxLag.
          .onFailure()
          .recoverWithNull()
          .chain(
              x -> Uni.join().all(replicas.stream().map(this::probe).toList()).andCollectFailures())
          .subscribe()
          .with(x -> probing.set(false), e -> probing.set(false));
    } catch (RuntimeException e) {
      // Never let one bad round stop the probing for good.
      probing.set(false);
      LOG.warnf("probing the read replicas failed: %s", oneLine(e));
    }
  }

  private Uni<Void> probe(Replica r) {
    return r.pool
        .query("SELECT pg_is_in_recovery(), (" + REPLAY_POSITION + ")::text")
        .execute()
        .ifNoItem()
        .after(settings.timeout())
        .failWith(() -> new TimeoutException("no answer within " + settings.timeout()))
        .invoke(
            rows -> {
              Row row = first(rows);
              long replayed = Lsn.of(row.getString(1));
              r.probed(row.getBoolean(0), replayed, caughtUpAt(replayed));
            })
        .onFailure()
        .invoke(r::probeFailed)
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private synchronized void sample(long at, long lsn) {
    samples.addLast(new long[] {at, lsn});
    long keep = settings.maxLag().plus(settings.checkInterval().multipliedBy(2)).toNanos();
    while (samples.size() > 1 && at - samples.peekFirst()[0] > keep) {
      samples.removeFirst();
    }
  }

  /** Whether the replicas have been watched for at least {@code span}. */
  private boolean watchedFor(Duration span, long now) {
    return now - createdAt >= span.toNanos();
  }

  /** When the primary last stood at or before {@code replayed}; Long.MIN_VALUE if not seen. */
  private synchronized long caughtUpAt(long replayed) {
    var it = samples.descendingIterator();
    while (it.hasNext()) {
      long[] s = it.next();
      if (replayed != Lsn.NONE && s[1] <= replayed) {
        return s[0];
      }
    }
    return Long.MIN_VALUE;
  }

  private static Row first(RowSet<Row> rows) {
    return rows.iterator().next();
  }

  /** Unavailable (and not merely refusing this one query): skip it until a probe says otherwise. */
  private static boolean isOutage(Throwable t) {
    if (t instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
    }
    return true;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s+", " ");
  }

  private final class Replica {
    final String name;
    final Pool pool;
    final AtomicLong reads = new AtomicLong();
    volatile boolean reachable;
    volatile boolean probedOnce;
    volatile Boolean inRecovery;
    volatile long replayed = Lsn.NONE;
    volatile long caughtUpAt = Long.MIN_VALUE;
    volatile String problem;
    private volatile String logged = "unknown";

    Replica(Target t) {
      this.name = t.name();
      this.pool = t.pool();
    }

    boolean usable(long now) {
      return reachable && caughtUpAt != Long.MIN_VALUE && now - caughtUpAt <= settings.maxLag().toNanos();
    }

    /** Whether this replica has replayed {@code minimum}: from the last probe, else asked now. */
    Uni<Boolean> reached(SqlConnection conn, long minimum) {
      if (minimum == Lsn.NONE || replayed >= minimum) {
        return Uni.createFrom().item(Boolean.TRUE);
      }
      return conn.query("SELECT (" + REPLAY_POSITION + ")::text")
          .execute()
          .map(rows -> Lsn.of(first(rows).getString(0)) >= minimum);
    }

    void probed(Boolean recovering, long position, long caughtUp) {
      inRecovery = recovering;
      replayed = position;
      caughtUpAt = Math.max(caughtUpAt, caughtUp);
      reachable = true;
      probedOnce = true;
      problem = null;
      note();
    }

    void probeFailed(Throwable t) {
      reachable = false;
      probedOnce = true;
      problem = oneLine(t);
      note();
    }

    void readFailed(Throwable t) {
      if (isOutage(t)) {
        reachable = false;
        problem = oneLine(t);
        note();
      }
    }

    String state(long now) {
      if (!probedOnce) {
        return "unknown";
      }
      if (!reachable) {
        return "down";
      }
      if (usable(now)) {
        return "usable";
      }
      // Not caught up with any position sampled so far, but not watched for maxLag yet either.
      return caughtUpAt == Long.MIN_VALUE && !watchedFor(settings.maxLag(), now) ? "unknown" : "lagging";
    }

    /** One log line per change of state, never a stack trace. */
    private void note() {
      String state = state(System.nanoTime());
      if (!state.equals(logged)) {
        logged = state;
        switch (state) {
          case "usable" -> LOG.infof("read replica %s is usable", name);
          case "lagging" ->
              LOG.warnf("read replica %s lags more than %s; reads go elsewhere", name, settings.maxLag());
          default -> LOG.warnf("read replica %s is %s (%s); reads go elsewhere", name, state, problem);
        }
      }
    }

    Status status(long now) {
      return new Status(
          name,
          state(now),
          inRecovery,
          caughtUpAt == Long.MIN_VALUE ? null : Duration.ofNanos(now - caughtUpAt).toMillis(),
          replayed == Lsn.NONE ? null : Lsn.format(replayed),
          reads.get(),
          problem);
    }
  }
}
