package io.metastore.transfer;

class PostgresTransferTest extends TransferContract {
  @Override
  protected TestDb db() {
    return TestDb.POSTGRES;
  }

  @Override
  protected TestDb other() {
    return TestDb.SQLITE;
  }
}
