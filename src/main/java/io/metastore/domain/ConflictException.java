package io.metastore.domain;

/** The change would break the namespace (file vs directory, existing destination): HTTP 409. */
public class ConflictException extends MetastoreException {
  public ConflictException(String message) {
    super(message);
  }
}
