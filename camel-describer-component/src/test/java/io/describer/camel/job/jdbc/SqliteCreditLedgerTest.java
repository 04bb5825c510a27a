package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.time.Clock;

import io.describer.camel.job.JobStores;
import org.junit.jupiter.api.io.TempDir;

/** The credit ledger on the embedded SQLite file database (the default store). */
class SqliteCreditLedgerTest extends CreditLedgerContractTest {

    @TempDir
    static Path dir;

    @Override
    protected JdbcJobStore newStore(String table, Clock clock) {
        return JobStores.sqliteFile(dir.resolve("db/jobs.db"), table, clock);
    }
}
