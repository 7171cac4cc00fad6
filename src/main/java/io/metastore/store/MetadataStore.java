package io.metastore.store;

import io.smallrye.mutiny.Uni;

/**
 * The port: everything the service asks of a database. One adapter per database
 * ({@code store.sqlite}, {@code store.postgres}); both pass {@code MetadataStoreContract}.
 */
public interface MetadataStore extends FileStore, ListingStore, VersionStore {

  /** "sqlite" or "postgresql". */
  String databaseName();

  /** Completes when the database answers a trivial query; fails otherwise. */
  Uni<Void> ping();
}
