package io.describer.camel.job.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.job.CreditCeiling;
import io.describer.camel.job.CreditCharge;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The credit ledger's promises, on every database the job store runs on. Amounts in hundredths of a credit. */
abstract class CreditLedgerContractTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    /** 23:00 UTC on the last day of a month: an hour before both periods roll over. */
    static final Instant LATE = Instant.parse("2026-11-30T23:00:00Z");

    protected TestClock clock;
    protected String table;
    private final List<JdbcJobStore> stores = new ArrayList<>();

    protected abstract JdbcJobStore newStore(String table, Clock clock);

    @BeforeEach
    void setUp() {
        clock = new TestClock(LATE);
        table = "credit_" + getClass().getSimpleName().toLowerCase().substring(0, 2) + TABLES.incrementAndGet();
    }

    @AfterEach
    void close() {
        stores.forEach(JdbcJobStore::close);
    }

    protected JdbcJobStore store() {
        JdbcJobStore store = newStore(table, clock);
        stores.add(store);
        return store;
    }

    private static CreditCeiling day(String scope, long limit) {
        return new CreditCeiling(scope, CreditPeriod.DAY, limit);
    }

    private static CreditCeiling month(String scope, long limit) {
        return new CreditCeiling(scope, CreditPeriod.MONTH, limit);
    }

    @Test
    void spendsUpToTheCeilingAndNoFurther() {
        JdbcJobStore ledger = store();
        assertThat(ledger.charge(List.of(day("tenant:a", 300)), 150).accepted()).isTrue();
        assertThat(ledger.charge(List.of(day("tenant:a", 300)), 150).accepted()).isTrue();
        CreditCharge refused = ledger.charge(List.of(day("tenant:a", 300)), 1);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.refusedBy()).isEqualTo(day("tenant:a", 300));
        assertThat(refused.spent()).isEqualTo(300);
        assertThat(ledger.spent("tenant:a", CreditPeriod.DAY)).isEqualTo(300);
        assertThat(ledger.spent("tenant:b", CreditPeriod.DAY)).isZero();
    }

    @Test
    void aChargeRefusedByOneCeilingSpendsInNone() {
        JdbcJobStore ledger = store();
        ledger.charge(List.of(month("tenant:a", 1000)), 950);
        List<CreditCeiling> both = List.of(day("endpoint:describer:video", 500), month("tenant:a", 1000));
        CreditCharge refused = ledger.charge(both, 100);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.refusedBy().scope()).isEqualTo("tenant:a");
        assertThat(ledger.spent("endpoint:describer:video", CreditPeriod.DAY)).isZero();
        assertThat(ledger.spent("tenant:a", CreditPeriod.MONTH)).isEqualTo(950);
    }

    @Test
    void aRefundGivesBackWhatWasSpentInThePeriodItWasSpentIn() {
        JdbcJobStore ledger = store();
        CreditCharge charge = ledger.charge(List.of(day("tenant:a", 300), month("tenant:a", 9000)), 200);
        ledger.charge(List.of(day("tenant:a", 300)), 50);
        clock.advance(Duration.ofHours(2)); // a new day and a new month (UTC)
        ledger.refund(charge);
        assertThat(ledger.spent("tenant:a", CreditPeriod.DAY)).isZero();
        assertThat(ledger.spent("tenant:a", CreditPeriod.MONTH)).isZero();
        clock.advance(Duration.ofHours(-2));
        // back in the period of the charges: only the unrefunded 50 (a day ceiling only) is left
        assertThat(ledger.spent("tenant:a", CreditPeriod.DAY)).isEqualTo(50);
        assertThat(ledger.spent("tenant:a", CreditPeriod.MONTH)).isZero();
    }

    @Test
    void periodsStartAgainAtMidnightAndOnTheFirstOfTheMonthUtc() {
        JdbcJobStore ledger = store();
        List<CreditCeiling> ceilings = List.of(day("tenant:a", 100), month("tenant:a", 150));
        assertThat(ledger.charge(ceilings, 100).accepted()).isTrue();
        assertThat(ledger.charge(ceilings, 1).accepted()).isFalse();
        clock.advance(Duration.ofMinutes(61)); // 2026-12-01T00:01Z
        assertThat(ledger.spent("tenant:a", CreditPeriod.DAY)).isZero();
        assertThat(ledger.charge(ceilings, 100).accepted()).isTrue();
        clock.advance(Duration.ofDays(1)); // 2026-12-02: same month
        assertThat(ledger.charge(ceilings, 60).refusedBy()).isEqualTo(month("tenant:a", 150));
        assertThat(ledger.charge(ceilings, 50).accepted()).isTrue();
    }

    @Test
    void spendingOutlivesTheStoreInstance() {
        store().charge(List.of(day("endpoint:x", 500)), 400);
        JdbcJobStore reopened = store();
        assertThat(reopened.spent("endpoint:x", CreditPeriod.DAY)).isEqualTo(400);
        assertThat(reopened.charge(List.of(day("endpoint:x", 500)), 101).accepted())
                .isFalse();
    }

    @Test
    void purgeRemovesOnlyPeriodsThatAreOver() {
        JdbcJobStore ledger = store();
        ledger.charge(List.of(day("tenant:a", 500), month("tenant:a", 5000)), 100);
        clock.advance(Duration.ofDays(2));
        ledger.charge(List.of(day("tenant:a", 500), month("tenant:a", 5000)), 100);
        // the old day and the old month are over; today and this month are not
        assertThat(ledger.purgeCredits(clock.instant())).isEqualTo(2);
        assertThat(ledger.spent("tenant:a", CreditPeriod.DAY)).isEqualTo(100);
        assertThat(ledger.spent("tenant:a", CreditPeriod.MONTH)).isEqualTo(100);
        assertThat(ledger.purgeCredits(clock.instant())).isZero();
    }

    /** Several nodes (store instances) and threads charge one ceiling at once: exactly the ceiling is spent. */
    @Test
    void concurrentChargesFromSeveralNodesNeverOverspend() throws Exception {
        List<JdbcJobStore> nodes = List.of(store(), store());
        List<CreditCeiling> ceilings = List.of(day("tenant:shared", 5000), month("endpoint:describer:video", 100_000));
        nodes.get(0).spent("tenant:shared", CreditPeriod.DAY); // schema in place before the race
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> charges = new ArrayList<>();
        try {
            for (int i = 0; i < 160; i++) {
                JdbcJobStore node = nodes.get(i % 2);
                charges.add(pool.submit(() -> node.charge(ceilings, 100).accepted()));
            }
            int accepted = 0;
            for (Future<Boolean> f : charges) {
                accepted += f.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
        assertThat(nodes.get(1).spent("tenant:shared", CreditPeriod.DAY)).isEqualTo(5000);
        assertThat(nodes.get(1).spent("endpoint:describer:video", CreditPeriod.MONTH))
                .isEqualTo(5000);
    }
}
