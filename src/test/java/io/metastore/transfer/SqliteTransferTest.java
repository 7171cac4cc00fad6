package io.metastore.transfer;

class SqliteTransferTest extends TransferContract {
  @Override
  protected TestDb db() {
    return TestDb.SQLITE;
  }

  @Override
  protected TestDb other() {
    return TestDb.POSTGRES;
  }
}
