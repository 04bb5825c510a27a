package io.describer.camel.job.jdbc;

import java.util.List;

/**
 * SQL text of the credit ledger: one row per scope and calendar period, holding the hundredths of a credit spent in
 * it. Times are epoch milliseconds, as in {@link JobTable}. The row is created at the period's first charge; its
 * conditional update is the atomic check-and-spend.
 */
final class CreditTable {

    final String name;

    /** Beside the job table it belongs to: {@code describer_job} has {@code describer_job_credit}. */
    CreditTable(String jobTable) {
        this.name = jobTable + "_credit";
    }

    List<String> ddl() {
        return List.of("CREATE TABLE IF NOT EXISTS " + name + " ("
                + "scope VARCHAR(255) NOT NULL, "
                + "period VARCHAR(8) NOT NULL, "
                + "period_start BIGINT NOT NULL, "
                + "period_end BIGINT NOT NULL, "
                + "spent BIGINT DEFAULT 0 NOT NULL, "
                + "updated_at BIGINT NOT NULL, "
                + "CONSTRAINT " + name + "_pk PRIMARY KEY (scope, period, period_start))");
    }

    String probe() {
        return "SELECT COUNT(*) FROM " + name + " WHERE 1 = 0";
    }

    /** Scope, period, start, end, now. PostgreSQL answers an existing row with 0 rows, not an error. */
    String insertAccount(Dialect dialect) {
        return "INSERT INTO " + name + " (scope, period, period_start, period_end, spent, updated_at)"
                + " VALUES (?, ?, ?, ?, 0, ?)"
                + (dialect == Dialect.POSTGRESQL ? " ON CONFLICT (scope, period, period_start) DO NOTHING" : "");
    }

    /**
     * Amount, now, scope, period, start, amount, limit: spends only within the limit. The row lock it takes is held to
     * the end of the transaction, so a concurrent charge of the same row waits and then sees this one's spending.
     */
    String spendWithin() {
        return "UPDATE " + name + " SET spent = spent + ?, updated_at = ?"
                + " WHERE scope = ? AND period = ? AND period_start = ? AND spent + ? <= ?";
    }

    /** Amount, amount, now, scope, period, start (CASE, not GREATEST: SQLite has no GREATEST). */
    String refund() {
        return "UPDATE " + name + " SET spent = CASE WHEN spent > ? THEN spent - ? ELSE 0 END, updated_at = ?"
                + " WHERE scope = ? AND period = ? AND period_start = ?";
    }

    /** Scope, period, start. */
    String selectSpent() {
        return "SELECT spent FROM " + name + " WHERE scope = ? AND period = ? AND period_start = ?";
    }

    /** Rows of periods that ended before the given time. */
    String purge() {
        return "DELETE FROM " + name + " WHERE period_end < ?";
    }
}
