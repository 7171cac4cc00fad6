package io.metastore.domain;

/** The database cannot be reached or is locked by someone else: HTTP 503 with Retry-After. */
public class StoreUnavailableException extends MetastoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
