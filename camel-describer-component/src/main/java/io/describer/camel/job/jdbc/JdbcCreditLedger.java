package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import io.describer.camel.job.CreditCeiling;
import io.describer.camel.job.CreditCharge;
import io.describer.camel.job.CreditLedger;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.JobStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CreditLedger} on plain JDBC, in its own table beside the jobs (created on first use). A charge is one
 * transaction of conditional updates, one per ceiling, in a fixed order so that two nodes charging overlapping ceilings
 * never deadlock; if any ceiling would be exceeded the transaction is rolled back and nothing is spent.
 */
final class JdbcCreditLedger implements CreditLedger {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCreditLedger.class);
    private static final int SCHEMA_ROUNDS = 5;
    private static final Comparator<CreditCeiling> LOCK_ORDER =
            Comparator.comparing(CreditCeiling::scope).thenComparing(CreditCeiling::period);

    private final DataSource dataSource;
    private final CreditTable table;
    private final Clock clock;
    private final Object schemaLock = new Object();
    private volatile Dialect dialect;

    JdbcCreditLedger(DataSource dataSource, String jobTable, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = new CreditTable(jobTable);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CreditCharge charge(List<CreditCeiling> ceilings, long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("A charge cannot be negative: " + amount);
        }
        List<CreditCeiling> ordered = new ArrayList<>(ceilings);
        ordered.sort(LOCK_ORDER);
        Instant now = clock.instant();
        try (Connection c = connection()) {
            for (CreditCeiling ceiling : ordered) {
                ensureAccount(c, ceiling.scope(), ceiling.period(), now);
            }
            c.setAutoCommit(false);
            try {
                List<CreditCharge.Account> accounts = new ArrayList<>();
                for (CreditCeiling ceiling : ordered) {
                    Instant start = ceiling.period().start(now);
                    if (update(
                                    c,
                                    table.spendWithin(),
                                    amount,
                                    now.toEpochMilli(),
                                    ceiling.scope(),
                                    ceiling.period().name(),
                                    start.toEpochMilli(),
                                    amount,
                                    ceiling.limit())
                            != 1) {
                        long spent = spent(c, ceiling.scope(), ceiling.period(), start);
                        c.rollback();
                        return CreditCharge.refused(amount, ceiling, spent);
                    }
                    accounts.add(new CreditCharge.Account(ceiling.scope(), ceiling.period(), start));
                }
                c.commit();
                return CreditCharge.spent(amount, accounts);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("charge credits", e);
        }
    }

    @Override
    public void refund(CreditCharge charge) {
        if (charge == null || !charge.accepted() || charge.amount() == 0) {
            return;
        }
        long now = clock.millis();
        try (Connection c = connection()) {
            for (CreditCharge.Account a : charge.accounts()) {
                update(
                        c,
                        table.refund(),
                        charge.amount(),
                        charge.amount(),
                        now,
                        a.scope(),
                        a.period().name(),
                        a.periodStart().toEpochMilli());
            }
        } catch (SQLException e) {
            throw failure("refund credits", e);
        }
    }

    @Override
    public long spent(String scope, CreditPeriod period) {
        try (Connection c = connection()) {
            return spent(c, scope, period, period.start(clock.instant()));
        } catch (SQLException e) {
            throw failure("read spent credits", e);
        }
    }

    @Override
    public int purgeCredits(Instant before) {
        if (dialect == null) {
            // not used by this process yet: no table is created for users without ceilings
            return 0;
        }
        try (Connection c = connection()) {
            return update(c, table.purge(), before.toEpochMilli());
        } catch (SQLException e) {
            throw failure("purge old credit periods", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcCreditLedger[table=" + table.name + "]";
    }

    private long spent(Connection c, String scope, CreditPeriod period, Instant start) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(table.selectSpent())) {
            ps.setString(1, scope);
            ps.setString(2, period.name());
            ps.setLong(3, start.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The period's row, inserted on its first charge; another node may insert it at the same moment. */
    private void ensureAccount(Connection c, String scope, CreditPeriod period, Instant now) throws SQLException {
        try {
            update(
                    c,
                    table.insertAccount(dialect),
                    scope,
                    period.name(),
                    period.start(now).toEpochMilli(),
                    period.end(now).toEpochMilli(),
                    now.toEpochMilli());
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            if (dialect == null) {
                createSchema(c);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Retried as the job table's is: two nodes starting together may trip over PostgreSQL's catalog. */
    private void createSchema(Connection c) throws SQLException {
        synchronized (schemaLock) {
            if (dialect != null) {
                return;
            }
            Dialect detected = Dialect.of(c.getMetaData().getDatabaseProductName());
            SQLException last = null;
            for (int round = 0; round < SCHEMA_ROUNDS; round++) {
                try (Statement st = c.createStatement()) {
                    for (String sql : table.ddl()) {
                        st.execute(sql);
                    }
                    st.executeQuery(table.probe()).close();
                    dialect = detected;
                    return;
                } catch (SQLException e) {
                    LOG.debug("Creating credit table {} failed (round {}): {}", table.name, round + 1, e.getMessage());
                    last = e;
                    try {
                        Thread.sleep(50L * (round + 1));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            throw last;
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else {
                    ps.setString(i + 1, (String) params[i]);
                }
            }
            return ps.executeUpdate();
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return JdbcJobStore.isUniqueViolation(e);
    }

    private JobStoreException failure(String what, SQLException e) {
        return new JobStoreException("Credit ledger " + table.name + ": cannot " + what + ": " + e.getMessage(), e);
    }
}
