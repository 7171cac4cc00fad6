package io.metastore.domain;

/** A tenant's current file count and byte total, with the database serving them. */
public record Stats(long files, java.math.BigInteger bytes, String database, String schemaVersion) {}
