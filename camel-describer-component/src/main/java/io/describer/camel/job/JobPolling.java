package io.describer.camel.job;

import java.time.Duration;
import java.time.Instant;

import io.describer.camel.DescriberConfiguration;

/** When to ask about a running job again: at a tenth of its age, within the configured bounds. */
public final class JobPolling {

    private JobPolling() {}

    public static Instant nextPoll(Instant createdAt, Instant now, DescriberConfiguration c) {
        long age = createdAt == null
                ? 0
                : Math.max(0, Duration.between(createdAt, now).toMillis());
        long delay = Math.min(c.getJobMaxPollInterval(), Math.max(c.getJobPollInterval(), age / 10));
        return now.plusMillis(delay);
    }
}
