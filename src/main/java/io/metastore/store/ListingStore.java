package io.metastore.store;

import io.metastore.domain.FileRecord;
import io.metastore.domain.ListItem;
import io.metastore.domain.Page;
import io.metastore.domain.Stats;
import io.smallrye.mutiny.Uni;

/** Listing and attribute queries: keyset pages ordered by the paths' UTF-8 bytes. */
public interface ListingStore {

  /** Files below {@code request.directory()}, with implicit sub-directories unless recursive. */
  Uni<Page<ListItem>> list(String tenant, ListRequest request);

  /** Records below the directory whose attrs contain the query document (jsonb @> semantics). */
  Uni<Page<FileRecord>> query(String tenant, QueryRequest request);

  /** Current files and bytes of one tenant. */
  Uni<Stats> stats(String tenant);
}
