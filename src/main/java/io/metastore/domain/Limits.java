package io.metastore.domain;

/** Page and batch sizes of the contract. */
public final class Limits {
  public static final int DEFAULT_PAGE = 100;
  public static final int MAX_PAGE = 1000;
  public static final int MAX_BATCH = 1000;

  private Limits() {}

  public static int pageSize(Integer limit) {
    if (limit == null) {
      return DEFAULT_PAGE;
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE + ": " + limit);
    }
    return limit;
  }
}
