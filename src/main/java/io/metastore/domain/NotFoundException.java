package io.metastore.domain;

/** The named file, directory or version does not exist for this tenant: HTTP 404. */
public class NotFoundException extends MetastoreException {
  public NotFoundException(String message) {
    super(message);
  }
}
