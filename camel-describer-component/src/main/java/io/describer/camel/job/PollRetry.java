package io.describer.camel.job;

import java.time.Duration;

import io.describer.camel.client.DescriberConflictException;
import io.describer.camel.client.DescriberException;
import io.describer.camel.client.DescriberInvalidResponseException;
import io.describer.camel.client.DescriberNetworkException;
import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.DescriberServerException;

/**
 * After a failed {@code get_results}: whether to ask again, and when. Shared by the results consumer and
 * waitForCompletion, so both retry the same failures until their own deadlines and neither polls a job again before the
 * service's {@code retry_after}.
 */
public final class PollRetry {

    private PollRetry() {}

    /**
     * The wait before the next poll of a job after {@code failure}, or null when the failure is not transient (a bad
     * key, a refused request): then the caller gives up. Transient: 5xx, no answer, an unreadable answer, any 429 (a
     * plan limit also blocks only new jobs, not polls, once credits are topped up), 409 upload_not_ready. Never shorter
     * than the service's {@code retry_after}, nor than {@code pollIntervalMillis}.
     */
    public static Duration delayAfter(Exception failure, long pollIntervalMillis) {
        if (!(failure instanceof DescriberException e) || !isTransient(e)) {
            return null;
        }
        Duration delay = Duration.ofMillis(Math.max(1, pollIntervalMillis));
        Duration asked = e.getRetryAfter();
        return asked != null && asked.compareTo(delay) > 0 ? asked : delay;
    }

    private static boolean isTransient(DescriberException e) {
        return e instanceof DescriberServerException
                || e instanceof DescriberNetworkException n && n.isRetryable()
                || e instanceof DescriberInvalidResponseException
                || e instanceof DescriberRateLimitException
                || e instanceof DescriberConflictException && e.isRetryable();
    }
}
