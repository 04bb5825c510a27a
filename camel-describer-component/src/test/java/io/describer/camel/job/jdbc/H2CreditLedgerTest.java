package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.time.Clock;

import io.describer.camel.job.JobStores;
import org.junit.jupiter.api.io.TempDir;

/** The credit ledger on the embedded H2 file database. */
class H2CreditLedgerTest extends CreditLedgerContractTest {

    @TempDir
    static Path dir;

    @Override
    protected JdbcJobStore newStore(String table, Clock clock) {
        return JobStores.h2File(dir.resolve("db/jobs"), table, clock);
    }
}
