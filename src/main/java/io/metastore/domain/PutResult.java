package io.metastore.domain;

/** The record after a PUT, and whether the PUT created it. */
public record PutResult(FileRecord record, boolean created) {}
