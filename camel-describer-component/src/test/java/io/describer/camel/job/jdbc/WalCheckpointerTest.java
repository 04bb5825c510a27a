package io.describer.camel.job.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.TestSubmissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded SQLite store checkpoints its log in the background: submissions copied into the database file while the
 * store works, the log file bounded under load and gone once the store is idle, and nothing lost on the way.
 */
class WalCheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void theLogStaysBoundedUnderLoadAndIsTruncatedOnceIdle() throws Exception {
        Path db = dir.resolve("jobs.db");
        Path wal = dir.resolve("jobs.db-wal");
        long largestLog = 0;
        try (JobStore store = JobStores.sqliteFile(db, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC())) {
            for (int i = 0; i < 6_000; i++) {
                String key = "key-" + i;
                TestSubmissions.submitText(store, key, "m-" + i, "job-" + i, Duration.ofMinutes(5));
                if (i % 50 == 0 && Files.exists(wal)) {
                    largestLog = Math.max(largestLog, Files.size(wal));
                }
            }
            // unchecked, the log would hold every page written: some 36,000 pages for these submissions; the
            // background checkpoints start it over (a burst on one thread may outrun them up to the writer's backstop)
            assertThat(largestLog)
                    .as("log file under load: bounded, not growing with the submissions")
                    .isLessThan(WalCheckpointer.BACKSTOP_PAGES * (long) JobStores.SQLITE_PAGE_SIZE * 3 / 2);
            // an idle store's log is truncated
            await().atMost(10, TimeUnit.SECONDS).until(() -> !Files.exists(wal) || Files.size(wal) == 0);
            assertThat(store.countPending()).isEqualTo(6_000);
        }
        try (JobStore reopened = JobStores.sqliteFile(db, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC())) {
            assertThat(reopened.countPending()).isEqualTo(6_000);
            assertThat(reopened.findByDedupeKey("key-5999").orElseThrow().jobId())
                    .isEqualTo("job-5999");
        }
    }
}
