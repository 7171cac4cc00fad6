package io.metastore.domain;

/** The current state of a file, as the API returns it. Times are epoch milliseconds (UTC). */
public record FileRecord(
    String path,
    FileContent content,
    long version,
    long createdAt,
    long modifiedAt) {}
