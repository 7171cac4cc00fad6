package io.metastore.config;

/** The supported databases; the name is also the migration folder under db/migration. */
public enum DatabaseKind {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  DatabaseKind(String folder) {
    this.folder = folder;
  }

  public String folder() {
    return folder;
  }
}
