package io.metastore.store;

class PostgresMetadataStoreTest extends MetadataStoreContract {
  @Override
  protected MetadataStore createStore() {
    return StoreFactory.postgres();
  }
}
