package io.describer.camel.job;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges delivered jobs (done or failed) and long-expired empty reservations once they are older than the retention
 * period, so the store does not grow with every job ever submitted. A purged job's dedupe key is free again: a source
 * redelivered after the retention period is submitted (and billed) again. Pending and uncertain jobs are never purged.
 * Credit ledger rows go once their period has been over for the retention period (a current period is never purged).
 */
public final class Retention implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final JobStore store;
    private final Duration retention;
    private final Clock clock;

    public Retention(JobStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /** How often to purge: a tenth of the retention, between 100 ms and an hour. */
    public Duration period() {
        long tenth = retention.toMillis() / 10;
        return Duration.ofMillis(Math.min(Duration.ofHours(1).toMillis(), Math.max(100, tenth)));
    }

    @Override
    public void run() {
        try {
            int purged = store.purge(clock.instant().minus(retention));
            if (purged > 0) {
                LOG.info("Purged {} finished jobs older than {} from the job store", purged, retention);
            }
            if (store instanceof CreditLedger ledger) {
                int periods = ledger.purgeCredits(clock.instant().minus(retention));
                if (periods > 0) {
                    LOG.info("Purged {} credit periods that ended more than {} ago", periods, retention);
                }
            }
        } catch (RuntimeException e) {
            // the store reports its own faults (health check); the next round tries again
            LOG.debug("Purge of the job store failed: {}", e.getMessage());
        }
    }
}
