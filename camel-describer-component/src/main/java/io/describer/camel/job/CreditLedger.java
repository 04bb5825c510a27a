package io.describer.camel.job;

import java.time.Instant;
import java.util.List;

/**
 * The credits spent per scope and calendar period, kept beside the jobs so that ceilings hold across restarts and
 * across nodes sharing the store. A {@link JobStore} that also implements this interface supports credit ceilings;
 * {@link io.describer.camel.job.jdbc.JdbcJobStore} does.
 */
public interface CreditLedger {

    /**
     * Atomically, across nodes: spends {@code amount} (hundredths of a credit) in the current period of every ceiling
     * when none would go above its limit, otherwise spends nothing and names the first ceiling that would.
     */
    CreditCharge charge(List<CreditCeiling> ceilings, long amount);

    /** Gives back what an accepted charge spent, in the periods it was spent in (a job start that started nothing). */
    void refund(CreditCharge charge);

    /** Hundredths of a credit spent so far in the current period of {@code scope}. */
    long spent(String scope, CreditPeriod period);

    /** Deletes the rows of periods that ended before {@code before}; returns how many. */
    int purgeCredits(Instant before);
}
