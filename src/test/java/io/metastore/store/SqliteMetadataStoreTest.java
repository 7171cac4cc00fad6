package io.metastore.store;

class SqliteMetadataStoreTest extends MetadataStoreContract {
  @Override
  protected MetadataStore createStore() {
    return StoreFactory.sqlite();
  }
}
