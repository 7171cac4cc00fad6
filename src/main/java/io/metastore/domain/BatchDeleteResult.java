package io.metastore.domain;

import java.util.List;

/** Paths a batch delete removed and paths it found missing, each in request order. */
public record BatchDeleteResult(List<String> deleted, List<String> missing) {}
