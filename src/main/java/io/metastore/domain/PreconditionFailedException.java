package io.metastore.domain;

/** An If-Match / If-None-Match condition does not hold: HTTP 412. */
public class PreconditionFailedException extends MetastoreException {
  public PreconditionFailedException(String message) {
    super(message);
  }
}
