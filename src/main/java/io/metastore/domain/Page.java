package io.metastore.domain;

import java.util.List;

/** A keyset page; {@code nextCursor} is null exactly on the last page. */
public record Page<T>(List<T> items, String nextCursor) {}
