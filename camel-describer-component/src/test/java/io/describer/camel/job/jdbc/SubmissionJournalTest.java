package io.describer.camel.job.jdbc;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobState;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.TestSubmissions;
import io.describer.camel.job.UncertainSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store's submission journal: what it answers at once must be what the table would have answered. */
class SubmissionJournalTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aJournaledSubmissionIsReadAtOnceAndItsKeyIsNotReservedTwice() {
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            TestSubmissions.submitText(store, "key-1", "m-1", "job-1", LEASE);
            // read right after: the read waits for the journal
            assertThat(store.find("job-1"))
                    .get()
                    .extracting(StoredJob::dedupeKey)
                    .isEqualTo("key-1");
            assertThat(store.reserve("key-1", "other", LEASE).outcome()).isEqualTo(Reservation.Outcome.EXISTING);
            // a key reserved only in the journal so far is still in progress for everyone else
            assertThat(store.reserveNoted("key-2", "node", LEASE, draft("key-2"))
                            .isReserved())
                    .isTrue();
            assertThat(store.reserve("key-2", "other", LEASE).outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);
        }
    }

    @Test
    void concurrentReservationsOfOneKeyReserveItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            for (int round = 0; round < 50; round++) {
                String key = "key-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Reservation>> tries = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    String owner = "node-" + t;
                    tries.add(pool.submit(() -> {
                        go.await();
                        return store.reserveNoted(key, owner, LEASE, draft(key));
                    }));
                }
                go.countDown();
                int reserved = 0;
                for (Future<Reservation> f : tries) {
                    reserved += f.get().isReserved() ? 1 : 0;
                }
                assertThat(reserved).as("reservations of " + key).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoStoresOnOneFileShareWhatTheJournalKnows() {
        Path location = dir.resolve("jobs");
        try (JobStore a = JobStores.embedded(location);
                JobStore b = JobStores.embedded(location)) {
            assertThat(a.reserveNoted("key-1", "a", LEASE, draft("key-1")).isReserved())
                    .isTrue();
            assertThat(b.reserveNoted("key-1", "b", LEASE, draft("key-1")).outcome())
                    .isEqualTo(Reservation.Outcome.IN_PROGRESS);
        }
    }

    @Test
    void aPurgedKeyCanBeSubmittedAgain() {
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            TestSubmissions.submitText(store, "key-1", "m-1", "job-1", LEASE);
            assertThat(store.claimDue("node", 10, LEASE)).hasSize(1);
            store.markDelivered("job-1", "node");
            assertThat(store.find("job-1")).get().extracting(StoredJob::state).isEqualTo(JobState.DELIVERED);
            assertThat(store.purge(Instant.now().plusSeconds(60))).isEqualTo(1);
            TestSubmissions.submitText(store, "key-1", "m-1", "job-2", LEASE);
            assertThat(store.findByDedupeKey("key-1"))
                    .get()
                    .extracting(StoredJob::jobId)
                    .isEqualTo("job-2");
        }
    }

    @Test
    void entriesAStoppedProcessLeftAreAppliedOnceOnOpenAndATornLastOneIsDropped() throws Exception {
        Path location = dir.resolve("jobs");
        Path journal = dir.resolve("jobs.db-submissions-describer_job");
        long applied;
        try (JobStore store = JobStores.embedded(location)) {
            TestSubmissions.submitText(store, "key-1", "m-1", "job-1", LEASE);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobs.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT applied FROM describer_job_journal")) {
            rs.next();
            applied = rs.getLong(1);
        }
        assertThat(applied).as("entries applied by the first store").isEqualTo(2);
        // what a killed process leaves: entries appended and never applied, the first already applied once, then a
        // torn one (the process died in its write)
        long now = System.currentTimeMillis();
        Object[] job = JournalEntries.jobParams(
                StoredJob.submitted("job-2", "m-2", JobType.TEXT, "{}", Map.of("k", "v"), "key-2")
                        .withNextPollAt(Instant.ofEpochMilli(now)));
        job[10] = now; // created and updated: the store sets them before it journals a job
        job[11] = now;
        String hash = JobTable.hash("key-2");
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(SubmissionJournal.encode(2, SubmissionJournal.RESERVE, new Object[] {
                "key-1", JobTable.hash("key-1"), now, now, now, "node", now + 60_000
            }));
            ch.write(SubmissionJournal.encode(
                    3, SubmissionJournal.RESERVE, new Object[] {"key-2", hash, now, now, now, "node", now + 60_000}));
            ch.write(SubmissionJournal.encode(4, SubmissionJournal.RECORD, job));
            ByteBuffer torn = SubmissionJournal.encode(5, SubmissionJournal.RESERVE, new Object[] {
                "key-3", JobTable.hash("key-3"), now, now, now, "node", now + 60_000
            });
            torn.limit(torn.limit() - 3);
            ch.write(torn);
        }
        try (JobStore store =
                JobStores.sqliteFile(dir.resolve("jobs.db"), JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC())) {
            assertThat(store.find("job-2")).get().satisfies(j -> {
                assertThat(j.dedupeKey()).isEqualTo("key-2");
                assertThat(j.correlationHeaders()).containsEntry("k", "v");
            });
            assertThat(store.find("job-1")).as("applied before: untouched").isPresent();
            assertThat(store.findByDedupeKey("key-3")).as("the torn entry").isEmpty();
            assertThat(store.countPending()).isEqualTo(2);
        }
        assertThat(Files.size(journal)).as("emptied once applied").isZero();
    }

    private static UncertainSubmission draft(String key) {
        return new UncertainSubmission(key, JobType.TEXT, "{}", Map.of(), "m-" + key, null, null, "node");
    }
}
