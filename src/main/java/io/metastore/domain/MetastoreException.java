package io.metastore.domain;

/** Base of the domain's failures; each subclass maps to one HTTP status. */
public abstract class MetastoreException extends RuntimeException {
  protected MetastoreException(String message) {
    super(message, null, false, false);
  }

  protected MetastoreException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
