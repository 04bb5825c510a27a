package io.describer.camel.client;

import java.time.Duration;

/**
 * HTTP 429. {@code rate_limit_exceeded} and {@code concurrency_limit_exceeded} are retried after {@code retry_after};
 * {@code queue_limit_exceeded} is retryable but is back-pressure (the team's queue is full: submit less, keep polling);
 * {@code plan_limit_exceeded} (credits exhausted) is terminal.
 */
public class DescriberRateLimitException extends DescriberException {

    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    public static final String CONCURRENCY_LIMIT_EXCEEDED = "concurrency_limit_exceeded";
    public static final String QUEUE_LIMIT_EXCEEDED = "queue_limit_exceeded";
    public static final String PLAN_LIMIT_EXCEEDED = "plan_limit_exceeded";

    public DescriberRateLimitException(String code, String apiMessage, Duration retryAfter) {
        super(429, code, apiMessage, retryAfter);
    }

    /** The team has too many queued jobs: a signal to slow down submissions rather than an error of this call. */
    public boolean isQueueFull() {
        return QUEUE_LIMIT_EXCEEDED.equals(getCode());
    }

    /** The team's credits or allocation are exhausted; only a top-up helps. */
    public boolean isPlanLimit() {
        return PLAN_LIMIT_EXCEEDED.equals(getCode());
    }

    @Override
    public boolean isRetryable() {
        return !isPlanLimit();
    }
}
