package io.metastore.domain;

/** Client input that breaks a rule of the contract: HTTP 400, nothing changed. */
public class InvalidInputException extends MetastoreException {
  private final String field;

  public InvalidInputException(String field, String message) {
    super(field == null ? message : field + " " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
