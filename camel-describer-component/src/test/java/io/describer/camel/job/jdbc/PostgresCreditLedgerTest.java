package io.describer.camel.job.jdbc;

import java.time.Clock;

import io.describer.camel.job.JobStores;
import org.junit.jupiter.api.BeforeAll;

/** The credit ledger on a real PostgreSQL shared by several store instances (nodes). */
class PostgresCreditLedgerTest extends CreditLedgerContractTest {

    private static TestPostgres.Database postgres;

    @BeforeAll
    static void newDatabase() {
        postgres = TestPostgres.newDatabase();
    }

    @Override
    protected JdbcJobStore newStore(String table, Clock clock) {
        return JobStores.forDataSource(postgres.dataSource(), table, clock);
    }
}
