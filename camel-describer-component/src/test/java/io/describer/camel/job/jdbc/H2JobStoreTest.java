package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.StoredJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on an H2 file database (optimistic claims), plus restart survival. */
class H2JobStoreTest extends JobStoreContractTest {

    @TempDir
    static Path dir;

    @Override
    protected JobStore newStore(String table, Clock clock) {
        return JobStores.h2File(dir.resolve("db/jobs"), table, clock);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(JobStores.h2FileUrl(JobStores.h2Base(dir.resolve("db/jobs"))));
    }

    @Test
    void jobsSurviveARestart() {
        Path file = dir.resolve("restart/state/jobs.mv.db");
        try (JobStore before = JobStores.h2File(file, JdbcJobStore.DEFAULT_TABLE, clock)) {
            before.record(StoredJob.submitted("delivered", "m1", JobType.TEXT, "{}", Map.of(), null));
            before.record(StoredJob.submitted(
                    "leased", "m2", JobType.AUDIO, "{}", Map.of("CamelAwsS3Key", "in/a.mp4"), "b/in/a.mp4/etag"));
            before.claimDue("node-a", 2, LEASE);
            before.markDelivered("delivered", "node-a");
            before.updateStatus("leased", "node-a", JobStatus.PROCESSING, null);
            before.record(StoredJob.submitted("fresh", "m3", JobType.VIDEO, "{}", Map.of(), null));
            before.reserve("half-done", "node-a", LEASE);
            // node-a dies here, still holding "leased" and the "half-done" reservation
        }
        assertThat(file).exists();

        try (JobStore after = JobStores.h2File(file, JdbcJobStore.DEFAULT_TABLE, clock)) {
            assertThat(after.countPending()).isEqualTo(2);
            assertThat(after.find("delivered").orElseThrow().isDelivered()).isTrue();
            StoredJob leased = after.find("leased").orElseThrow();
            assertThat(leased.correlationHeaders()).containsEntry("CamelAwsS3Key", "in/a.mp4");
            assertThat(leased.attempts()).isEqualTo(1);
            assertThat(after.findByDedupeKey("b/in/a.mp4/etag")).isPresent();

            assertThat(after.claimDue("node-b", 10, LEASE))
                    .extracting(StoredJob::jobId)
                    .containsExactly("fresh");
            assertThat(after.markDelivered("fresh", "node-b")).isTrue();
            assertThat(after.reserve("half-done", "node-b", LEASE).outcome())
                    .isEqualTo(Reservation.Outcome.IN_PROGRESS);

            clock.advance(LEASE);
            assertThat(after.claimDue("node-b", 10, LEASE))
                    .extracting(StoredJob::jobId)
                    .containsExactly("leased");
            assertThat(after.reserve("half-done", "node-b", LEASE).isReserved()).isTrue();
        }
    }

    @Test
    void aStoreOpenedWhileAnotherIsOpenSharesTheDatabase() {
        Path file = dir.resolve("shared/jobs");
        try (JobStore first = JobStores.h2File(file, JdbcJobStore.DEFAULT_TABLE, clock);
                JobStore second = JobStores.h2File(file, JdbcJobStore.DEFAULT_TABLE, clock)) {
            first.record(StoredJob.submitted("j1", "m", JobType.TEXT, null, Map.of(), null));
            assertThat(second.claimDue("b", 1, Duration.ofSeconds(1))).hasSize(1);
        }
    }
}
