package io.metastore.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastore.config.ReadReplicaConfig;
import io.metastore.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

/** DATABASE_READ_URL: comma-separated PostgreSQL URLs in the forms DATABASE_URL takes. */
class ReadReplicaUrlTest {

  @Test
  void oneOrMoreUrlsInEveryPostgresForm() {
    var replicas =
        ReadReplicaConfig.parse(
            " postgresql://u:p@r1/db , postgres://u@r2:5433/db?pgbouncer=true,jdbc:postgresql://r3/db,postgresql+asyncpg://r4/db");
    assertThat(replicas).hasSize(4);
    assertThat(replicas.get(0).url().reactiveUrl()).isEqualTo("postgresql://r1:5432/db");
    assertThat(replicas.get(0).url().password()).isEqualTo("p");
    assertThat(replicas.get(1).url().reactiveUrl()).isEqualTo("postgresql://r2:5433/db");
    assertThat(replicas.get(1).transactionPooling()).isTrue();
    assertThat(replicas.get(0).transactionPooling()).isFalse();
    assertThat(replicas.get(3).url().toString()).isEqualTo("postgresql://r4:5432/db");
  }

  @Test
  void anythingElseIsRefusedNamingTheEntry() {
    assertThatThrownBy(() -> ReadReplicaConfig.parse("postgresql://r1/db,sqlite:///x.db"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("entry 2");
    assertThatThrownBy(() -> ReadReplicaConfig.parse("mysql://r1/db"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ReadReplicaConfig.parse(" , "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("names no URL");
  }
}
