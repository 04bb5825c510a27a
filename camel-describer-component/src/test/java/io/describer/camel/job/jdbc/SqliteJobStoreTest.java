package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on an SQLite file in WAL mode (claims in one statement, one writer at a time), plus restart survival. */
class SqliteJobStoreTest extends JobStoreContractTest {

    @TempDir
    static Path dir;

    @Override
    protected JobStore newStore(String table, Clock clock) {
        return JobStores.sqliteFile(dir.resolve("db/jobs.db"), table, clock);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(JobStores.sqliteFileUrl(dir.resolve("db/jobs.db")));
    }

    @Test
    void detectsSqliteAndKeepsJobsAcrossARestart() {
        Path file = dir.resolve("restart/jobs.db");
        try (JobStore before = JobStores.sqliteFile(file, JdbcJobStore.DEFAULT_TABLE, clock)) {
            before.record(StoredJob.submitted("j1", "m1", JobType.TEXT, "{}", Map.of("k", "v"), "key-1"));
            assertThat(before).hasToString("JdbcJobStore[table=describer_job, SQLITE]");
        }
        try (JobStore after = JobStores.sqliteFile(file, JdbcJobStore.DEFAULT_TABLE, clock)) {
            assertThat(after.findByDedupeKey("key-1").orElseThrow().correlationHeaders())
                    .containsEntry("k", "v");
            assertThat(after.countPending()).isEqualTo(1);
        }
    }
}
