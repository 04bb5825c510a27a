package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost of a poll does not grow with the table: at 100,000 rows the claim's query walks its index in claim order
 * and stops after the rows it returns, on H2 (same optimizer in memory as on file), on PostgreSQL and on SQLite (the
 * embedded default).
 */
class DueQueryPlanIT {

    static final int ROWS = 100_000;
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);
    static final String TABLE = "plan_job";

    @Test
    void h2ReadsOnlyTheRowsItClaims() throws Exception {
        String url = "jdbc:h2:mem:due-plan";
        try (JdbcJobStore store = JobStores.forJdbcUrl(url, "", "", TABLE, new TestClock(T0));
                Connection c = DriverManager.getConnection(url)) {
            fill(store, c, "SELECT X AS i FROM SYSTEM_RANGE(0, " + (ROWS - 1) + ")");
            String query = literals(new JobTable(TABLE).selectDueIds(), T0.toEpochMilli(), T0.toEpochMilli(), 20);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("EXPLAIN ANALYZE " + query)) {
                rs.next();
                String plan = rs.getString(1);
                assertThat(plan)
                        .as(plan)
                        .containsIgnoringCase(TABLE + "_poll_ix")
                        .contains("/* index sorted */")
                        .contains("scanCount: 20 ");
            }
            assertMostOverdueClaimedFirst(store);
        }
    }

    @Test
    void postgresqlWalksTheIndexWithoutSorting() throws Exception {
        DataSource postgres = TestPostgres.newDatabase().dataSource();
        try (JdbcJobStore store = JobStores.forDataSource(postgres, TABLE, new TestClock(T0));
                Connection c = postgres.getConnection()) {
            fill(store, c, "SELECT i FROM generate_series(0, " + (ROWS - 1) + ") AS g(i)");
            long now = T0.toEpochMilli();
            // owner, lease until, updated, now, now, max
            String claim = literals(
                    new JobTable(TABLE).claimAtOnce(Dialect.POSTGRESQL), "'me'", now + 30_000, now, now, now, 20);
            StringBuilder plan = new StringBuilder();
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE " + TABLE);
                try (ResultSet rs = st.executeQuery("EXPLAIN " + claim)) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            assertThat(plan.toString())
                    .as(plan.toString())
                    .contains("Index Scan using " + TABLE + "_poll_ix")
                    .doesNotContain("Seq Scan")
                    .doesNotContain("Sort");
            assertMostOverdueClaimedFirst(store);
        }
    }

    @Test
    void sqliteClaimsInOneStatementWalkingTheIndexWithoutSorting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.db");
        try (JdbcJobStore store = JobStores.sqliteFile(file, TABLE, new TestClock(T0));
                Connection c = DriverManager.getConnection(JobStores.sqliteFileUrl(file))) {
            fill(
                    store,
                    c,
                    "WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < " + (ROWS - 1)
                            + ") SELECT i FROM g");
            long now = T0.toEpochMilli();
            String claim =
                    literals(new JobTable(TABLE).claimAtOnce(Dialect.SQLITE), "'me'", now + 30_000, now, now, now, 20);
            StringBuilder plan = new StringBuilder();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + claim)) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
            assertThat(plan.toString())
                    .as(plan.toString())
                    .contains("USING INDEX " + TABLE + "_poll_ix")
                    .doesNotContain("TEMP B-TREE")
                    .doesNotContainPattern("SCAN " + TABLE + "(?! USING)");
            assertMostOverdueClaimedFirst(store);
        }
    }

    /**
     * {@link #ROWS} rows: a third delivered, the rest pending and due over the last 100,000 s in an order unrelated to
     * their creation, none leased.
     */
    private static void fill(JobStore store, Connection c, String series) throws SQLException {
        store.countPending(); // creates the table
        long t0 = T0.toEpochMilli();
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + TABLE
                    + " (job_id, job_type, status, state, attempts, next_poll_at, created_at, updated_at)"
                    + " SELECT CONCAT('p', CAST(i AS VARCHAR(12))), 'TEXT', 'PROCESSING',"
                    + " CASE WHEN MOD(i, 3) = 0 THEN 'DELIVERED' ELSE 'PENDING' END, 1,"
                    + " " + t0 + " - 1000 * MOD(i * 7919, " + ROWS + "), " + (t0 - 1000L * ROWS) + " + i, " + t0
                    + " FROM (" + series + ") s");
        }
        assertThat(store.countPending()).isEqualTo(ROWS - (ROWS + 2) / 3);
    }

    private static void assertMostOverdueClaimedFirst(JobStore store) {
        List<StoredJob> claimed = store.claimDue("a", 3, LEASE);
        assertThat(claimed)
                .hasSize(3)
                .extracting(StoredJob::nextPollAt)
                .isSorted()
                .allSatisfy(due -> assertThat(due).isBefore(T0.minusSeconds(ROWS - 10)));
    }

    /** The statement with its {@code ?} parameters written in, for EXPLAIN. */
    private static String literals(String sql, Object... values) {
        String result = sql;
        for (Object v : values) {
            result = result.replaceFirst("\\?", v.toString());
        }
        return result;
    }
}
