package io.metastore.transfer;

/**
 * An export, import or copy that cannot go on. The message is the one line the CLI prints: what
 * failed and, where it matters, what the user can do about it.
 */
public class TransferException extends RuntimeException {
  public TransferException(String message) {
    super(message, null, false, false);
  }

  public TransferException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** A driver's (or any) message on one line: PostgreSQL's carry line breaks and hints. */
  static String reason(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.replaceAll("\\s+", " ").trim();
  }
}
