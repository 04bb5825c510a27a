package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job table of an earlier version (no tenant or emissions column) gets the columns on first use and keeps its rows;
 * its jobs count as never emitted.
 */
class TenantColumnUpgradeTest {

    private static final String EMISSIONS = "emissions INTEGER DEFAULT 0 NOT NULL, ";

    @Test
    void anOldTableGetsTheTenantColumnAndKeepsItsJobs() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:upgrade" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            // the table as earlier versions created it
            st.execute(new JobTable("old_jobs")
                    .ddl(Dialect.H2)
                    .get(0)
                    .replace("tenant VARCHAR(64), ", "")
                    .replace(EMISSIONS, ""));
            st.execute("INSERT INTO old_jobs (job_id, job_type, status, state, next_poll_at, created_at, updated_at)"
                    + " VALUES ('task_old', 'TEXT', 'QUEUED', 'PENDING', 0, 0, 0)");
        }
        JdbcJobStore store = new JdbcJobStore(ds, "old_jobs", Clock.systemUTC());
        assertThat(store.find("task_old"))
                .hasValueSatisfying(j -> assertThat(j.tenant()).isNull());
        store.record(StoredJob.submitted("task_new", "m-1", JobType.TEXT, "{}", Map.of(), "k1")
                .withTenant("acme"));
        assertThat(store.find("task_new"))
                .hasValueSatisfying(j -> assertThat(j.tenant()).isEqualTo("acme"));
        assertThat(store.countPendingByStatus("acme")).containsEntry(JobStatus.QUEUED, 1L);
        assertThat(store.countPendingByStatus(null)).containsEntry(JobStatus.QUEUED, 1L);
        assertThat(store.countPendingByStatus()).containsEntry(JobStatus.QUEUED, 2L);
        assertEmissionsCounted(store, "task_old");
        try (Connection c = ds.getConnection();
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT tenant FROM old_jobs WHERE job_id = 'task_new'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("acme");
        }
    }

    @Test
    void anOldSqliteTableOfTheDefaultStoreGetsTheColumnToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute(new JobTable("describer_job")
                    .ddl(Dialect.SQLITE)
                    .get(0)
                    .replace("tenant VARCHAR(64), ", "")
                    .replace(EMISSIONS, ""));
            st.execute("INSERT INTO describer_job (job_id, job_type, status, state, next_poll_at, created_at,"
                    + " updated_at) VALUES ('task_old', 'TEXT', 'QUEUED', 'PENDING', 0, 0, 0)");
        }
        try (JdbcJobStore store = JobStores.sqliteFile(file, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC())) {
            assertThat(store.find("task_old"))
                    .hasValueSatisfying(j -> assertThat(j.tenant()).isNull());
            store.record(StoredJob.submitted("task_new", "m-1", JobType.TEXT, "{}", Map.of(), "k1")
                    .withTenant("acme"));
            assertThat(store.find("task_new"))
                    .hasValueSatisfying(j -> assertThat(j.tenant()).isEqualTo("acme"));
            assertEmissionsCounted(store, "task_old");
        }
    }

    /** An old job was never emitted; each poll answer recorded for delivery counts one results exchange. */
    private static void assertEmissionsCounted(JdbcJobStore store, String jobId) {
        assertThat(store.find(jobId))
                .hasValueSatisfying(j -> assertThat(j.emissions()).isZero());
        for (int i = 1; i <= 2; i++) {
            assertThat(store.claimDue("n1", 10, Duration.ofMinutes(1)))
                    .anySatisfy(j -> assertThat(j.jobId()).isEqualTo(jobId));
            assertThat(store.updateStatus(jobId, "n1", JobStatus.DONE, null)).isTrue();
            assertThat(store.release(jobId, "n1", Instant.EPOCH, "rolled back")).isTrue();
            int emitted = i;
            assertThat(store.find(jobId))
                    .hasValueSatisfying(j -> assertThat(j.emissions()).isEqualTo(emitted));
        }
    }
}
