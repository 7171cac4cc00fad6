package io.metastore.config;

import io.metastore.domain.InvalidInputException;
import io.metastore.store.postgres.ReadYourWrites;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.regex.Pattern;

/**
 * Read-your-writes for HTTP callers when reads go to replicas (docs/replicas.md): every write
 * answers with {@value #POSITION_HEADER}, the WAL position of its commit; a read that sends it back
 * in {@value #MIN_POSITION_HEADER} is served only by a replica that has replayed it, else by the
 * primary. Both travel in the request's Vert.x duplicated context, where the HTTP layer puts and
 * takes them; outside a request (CLI, start-up) there is no session. Without replicas nothing
 * reads or writes them.
 */
public final class RequestConsistency implements ReadYourWrites {
  public static final String POSITION_HEADER = "Metastore-Lsn";
  public static final String MIN_POSITION_HEADER = "Metastore-Min-Lsn";
  private static final String MINIMUM = "metastore.min-lsn";
  private static final String COMMITTED = "metastore.lsn";
  private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

  /** Keeps the position a request asks its reads to reflect (its raw header value). */
  public static void require(Context request, String position) {
    if (VertxContext.isDuplicatedContext(request)) {
      request.putLocal(MINIMUM, position);
    }
  }

  /** The position of the last write the request committed, or null. */
  public static String committed(Context request) {
    return request == null ? null : request.getLocal(COMMITTED);
  }

  @Override
  public Session session() {
    Context request = Vertx.currentContext();
    if (request == null || !VertxContext.isDuplicatedContext(request)) {
      return Session.NONE;
    }
    return new Session() {
      @Override
      public String minimumPosition() {
        String position = request.getLocal(MINIMUM);
        if (position != null && !LSN.matcher(position.trim()).matches()) {
          throw new InvalidInputException(
              MIN_POSITION_HEADER,
              "must be a WAL position as sent in " + POSITION_HEADER + ", e.g. 0/16B6C50: " + position);
        }
        return position;
      }

      @Override
      public void committed(String position) {
        request.putLocal(COMMITTED, position);
      }
    };
  }
}
