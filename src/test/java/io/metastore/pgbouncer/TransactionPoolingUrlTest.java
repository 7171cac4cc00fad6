package io.metastore.pgbouncer;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastore.config.DatabaseUrl;
import org.junit.jupiter.api.Test;

/** {@code ?pgbouncer=true}: pgJDBC gets prepareThreshold=0, the reactive client never sees it. */
class TransactionPoolingUrlTest {

  @Test
  void theParameterReachesNoDriverAndTurnsOffNamedStatementsForJdbc() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@bouncer:6432/db?sslmode=disable&pgbouncer=true");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://bouncer:6432/db?sslmode=disable&prepareThreshold=0");
    assertThat(url.reactiveUrl()).isEqualTo("postgresql://bouncer:6432/db?sslmode=disable");
    assertThat(DatabaseUrl.transactionPooling("postgresql://u:p@bouncer:6432/db?sslmode=disable&pgbouncer=true")).isTrue();
    assertThat(DatabaseUrl.transactionPooling("jdbc:postgresql://bouncer:6432/db?pgbouncer")).isTrue();
  }

  @Test
  void withoutItNothingChanges() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@db:5432/db?sslmode=disable");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/db?sslmode=disable");
    assertThat(url.reactiveUrl()).isEqualTo("postgresql://db:5432/db?sslmode=disable");
    assertThat(DatabaseUrl.transactionPooling("postgresql://u:p@db:5432/db")).isFalse();
    assertThat(DatabaseUrl.transactionPooling("postgresql://u:p@db:5432/db?pgbouncer=false")).isFalse();
    assertThat(DatabaseUrl.parse("postgresql://u:p@db/db?pgbouncer=false").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/db");
  }

  @Test
  void anExplicitPrepareThresholdIsKept() {
    assertThat(DatabaseUrl.parse("postgresql://db/x?prepareThreshold=0&pgbouncer=true").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/x?prepareThreshold=0");
  }
}
