package io.describer.camel.job;

/**
 * Delivery state of a stored job, independent of the service's {@link io.describer.camel.client.model.JobStatus}: a job
 * stays {@code PENDING} until the exchange carrying its results has completed, even when the service already finished.
 */
public enum JobState {
    /** Unfinished, or finished but its results exchange has not completed yet: the poller still owes it. */
    PENDING,
    /** Its results exchange completed; never claimed again. */
    DELIVERED
}
