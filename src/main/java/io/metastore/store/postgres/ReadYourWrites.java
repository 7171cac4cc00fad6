package io.metastore.store.postgres;

/**
 * How a caller's WAL positions reach the adapter when reads go to replicas: the position its
 * reads must reflect comes in (the HTTP layer takes it from a request header), and the position
 * of each write it makes goes out (back to the client in a response header). The adapter asks
 * for the session once, on the caller's thread, when an operation is subscribed to.
 */
@FunctionalInterface
public interface ReadYourWrites {
  /** No session: reads may be served by any usable replica, write positions are dropped. */
  ReadYourWrites NONE = () -> Session.NONE;

  /** The session of the caller on the current thread. */
  Session session();

  /** One caller's positions. */
  interface Session {
    Session NONE =
        new Session() {
          @Override
          public String minimumPosition() {
            return null;
          }

          @Override
          public void committed(String position) {}
        };

    /**
     * The WAL position ({@code X/Y}) the caller's reads must reflect, or null for none. A
     * malformed value fails the read with InvalidInputException.
     */
    String minimumPosition();

    /** Reports the WAL position from which any replica shows the write just committed. */
    void committed(String position);
  }
}
