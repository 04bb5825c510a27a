package io.describer.camel.job.jdbc;

import java.io.IOException;
import java.time.Clock;

import io.describer.camel.job.JobStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The credit ledger on a real PostgreSQL shared by several store instances (nodes). */
class PostgresCreditLedgerTest extends CreditLedgerContractTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected JdbcJobStore newStore(String table, Clock clock) {
        return JobStores.forDataSource(postgres.getPostgresDatabase(), table, clock);
    }
}
