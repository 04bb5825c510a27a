package io.describer.camel.job.jdbc;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ERROR line when the store goes bad, a WARN every {@link #REMINDER} while it stays bad, one INFO line when it works
 * again: a store fault is not a stack trace per poll.
 */
final class StoreFaultLog {

    static final Duration REMINDER = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobStore.class);

    private volatile boolean down;
    private long since;
    private long remindedAt;
    private long failures;

    synchronized void fault(String reason) {
        long now = System.currentTimeMillis();
        failures++;
        if (!down) {
            down = true;
            since = now;
            remindedAt = now;
            failures = 1;
            LOG.error(
                    "{} (further failures are logged every {} min until it works again)", reason, REMINDER.toMinutes());
        } else if (now - remindedAt >= REMINDER.toMillis()) {
            remindedAt = now;
            LOG.warn("Job store still failing ({} failures in {} s): {}", failures, (now - since) / 1000, reason);
        } else {
            LOG.debug("{}", reason);
        }
    }

    void healthy(String table) {
        if (down) {
            recovered(table);
        }
    }

    private synchronized void recovered(String table) {
        if (down) {
            down = false;
            LOG.info(
                    "Job store {} works again after {} failed operation(s) in {} s",
                    table,
                    failures,
                    (System.currentTimeMillis() - since) / 1000);
        }
    }
}
