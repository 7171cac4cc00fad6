package io.metastore.domain;

/** One listing entry: a file record, or an implicit directory (record is null). */
public record ListItem(String path, FileRecord record) {
  public static ListItem dir(String path) {
    return new ListItem(path, null);
  }

  public static ListItem file(FileRecord record) {
    return new ListItem(record.path(), record);
  }

  public boolean isDirectory() {
    return record == null;
  }
}
