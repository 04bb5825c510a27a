package io.describer.camel.job;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;

import io.describer.camel.client.model.JobType;
import io.describer.camel.job.jdbc.JdbcJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStoresTest {

    @TempDir
    Path dir;

    @Test
    void h2FileCreatesMissingDirectoriesAndAcceptsTheSuffix() {
        Path file = dir.resolve("a/b/c/jobs.mv.db");
        try (JdbcJobStore store = JobStores.h2File(file)) {
            assertThat(store.countPending()).isZero();
            assertThat(store.tableName()).isEqualTo("describer_job");
            assertThat(store).hasToString("JdbcJobStore[table=describer_job, H2]");
        }
        assertThat(file).isRegularFile();
        assertThat(JobStores.h2Base(dir.resolve("x/jobs")))
                .isEqualTo(dir.resolve("x/jobs").toAbsolutePath());
    }

    @Test
    void aNewSqliteStoreWritesSmallPagesAndAStoreOfAnEarlierVersionKeepsItsOwn() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        try (JdbcJobStore store = JobStores.sqliteFile(fresh, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC())) {
            store.record(StoredJob.submitted("j1", "m", JobType.TEXT, null, Map.of(), null));
        }
        assertThat(pageSize(fresh)).isEqualTo(JobStores.SQLITE_PAGE_SIZE);
        // earlier versions let SQLite create the file with its default 4 KiB pages: it opens as it is, jobs and all
        Path earlier = dir.resolve("earlier.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + earlier + "?journal_mode=WAL")) {
            c.createStatement().execute("CREATE TABLE other (x INTEGER)");
        }
        assertThat(pageSize(earlier)).isEqualTo(4096);
        for (int open = 0; open < 2; open++) {
            try (JdbcJobStore store = JobStores.sqliteFile(earlier, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC())) {
                if (open == 0) {
                    store.record(StoredJob.submitted("j1", "m", JobType.TEXT, null, Map.of(), null));
                }
                assertThat(store.find("j1")).isPresent();
            }
        }
        assertThat(pageSize(earlier)).isEqualTo(4096);
    }

    private static int pageSize(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA page_size")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    @Test
    void h2InMemoryUrlLivesAsLongAsTheStore() {
        try (JdbcJobStore store = JobStores.forJdbcUrl("jdbc:h2:mem:jobs-test", "sa", "secret")) {
            store.record(StoredJob.submitted("j1", "m", JobType.TEXT, null, Map.of(), null));
            assertThat(store.find("j1")).isPresent();
            assertThat(store.toString()).doesNotContain("secret");
        }
    }

    @Test
    void rejectsBadTableNamesAndUrls() {
        assertThatThrownBy(() ->
                        JobStores.forJdbcUrl("jdbc:h2:mem:t", null, null, "jobs; DROP TABLE x", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table name");
        assertThatThrownBy(() -> JobStores.forJdbcUrl("postgres://h/db?password=pw", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw")
                .hasMessageContaining("password=***");
    }

    @Test
    void maskedUrlNeverShowsThePassword() {
        assertThat(JobStores.maskUrl("jdbc:postgresql://h/db?user=u&password=pw1&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    }

    @Test
    void anUnreachableDatabaseFailsWhenTheStoreIsCreatedWithoutThePassword() {
        assertThatThrownBy(() -> JobStores.forJdbcUrl(
                        "jdbc:postgresql://127.0.0.1:1/db?password=pw1", "u", "pw2", "jobs", Clock.systemUTC()))
                .isInstanceOf(JobStoreException.class)
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("pw1")
                .hasMessageNotContaining("pw2");
    }
}
