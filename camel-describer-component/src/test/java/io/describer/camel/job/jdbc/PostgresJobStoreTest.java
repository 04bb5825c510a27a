package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on a real PostgreSQL (SKIP LOCKED claims), one server for the class. */
class PostgresJobStoreTest extends JobStoreContractTest {

    private static TestPostgres.Database postgres;

    @BeforeAll
    static void newDatabase() {
        postgres = TestPostgres.newDatabase();
    }

    @Override
    protected JobStore newStore(String table, Clock clock) {
        return JobStores.forDataSource(postgres.dataSource(), table, clock);
    }

    @Override
    protected Connection connect() throws SQLException {
        return postgres.dataSource().getConnection();
    }

    @Test
    void detectsPostgresqlAndClaimsWithSkipLocked() {
        store.countPending();
        assertThat(store).hasToString("JdbcJobStore[table=" + table + ", POSTGRESQL]");
    }

    @Test
    void opensFromAJdbcUrlWithoutShowingThePassword() {
        String url = postgres.jdbcUrl();
        try (JdbcJobStore byUrl = JobStores.forJdbcUrl(url, "postgres", "s3cret-pw", table, clock)) {
            byUrl.record(StoredJob.submitted("j1", "m", JobType.TEXT, null, Map.of(), null));
            assertThat(store.find("j1")).isPresent();
            assertThat(byUrl.toString()).doesNotContain("s3cret-pw");
        }
    }
}
