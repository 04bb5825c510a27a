package io.describer.camel.job.stats;

import java.time.Duration;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;

/**
 * What the job engine counts, for metrics. Every method has a no-op default, so an implementation overrides only what
 * it records; {@link #NOOP} records nothing and is used when no metrics library is present. Implementations are
 * thread-safe and fast: they are called on route and polling threads.
 */
public interface EngineStats {

    /** Records nothing. */
    EngineStats NOOP = new EngineStats() {};

    /** What happened to a job, counted by job type (the describer operation). */
    enum JobEvent {
        /** The service accepted the job (a billed start). */
        SUBMITTED,
        /** The service said the job is done. */
        DONE,
        /** The service said the job failed (or no longer knows it). */
        FAILED,
        /** A start whose outcome is unknown: the job may or may not exist (and be billed). */
        UNCERTAIN
    }

    /** Which way media or results bytes went. */
    enum Transfer {
        UPLOADED,
        DOWNLOADED
    }

    default void register(JobEvent event, JobType type) {}

    /** One HTTP attempt of an API or storage call ({@code get_results}, {@code generate_ad_text}, {@code download}...). */
    default void registerCall(String operation) {}

    /** A failed attempt that is about to be retried; {@code code} is the API's error code or the I/O error's type. */
    default void registerRetry(String operation, String code) {}

    /** A 429 answer (rate, concurrency, queue or plan limit), retried or not. */
    default void registerThrottled(String operation, String code) {}

    /** As {@link #registerCall(String)}, made with {@code tenant}'s key ({@code default}: the endpoint's own). */
    default void registerCall(String tenant, String operation) {
        registerCall(operation);
    }

    /** As {@link #registerRetry(String, String)}, for {@code tenant}. */
    default void registerRetry(String tenant, String operation, String code) {
        registerRetry(operation, code);
    }

    /** As {@link #registerThrottled(String, String)}, for {@code tenant}. */
    default void registerThrottled(String tenant, String operation, String code) {
        registerThrottled(operation, code);
    }

    /** As {@link #register(JobEvent, JobType)}, for {@code tenant}. */
    default void register(String tenant, JobEvent event, JobType type) {
        register(event, type);
    }

    default void registerTransfer(Transfer direction, long bytes) {}

    /** As {@link #registerTransfer(Transfer, long)}, with {@code tenant}'s key. */
    default void registerTransfer(String tenant, Transfer direction, long bytes) {
        registerTransfer(direction, bytes);
    }

    /** A job's results exchange completed, {@code sinceSubmission} after the job was recorded. */
    default void registerDelivery(JobType type, JobStatus status, Duration sinceSubmission) {}

    /** As {@link #registerDelivery(JobType, JobStatus, Duration)}, for a job of {@code tenant}. */
    default void registerDelivery(String tenant, JobType type, JobStatus status, Duration sinceSubmission) {
        registerDelivery(type, status, sinceSubmission);
    }

    /** Shows {@code waiting}, the sources held back by {@code tenant}'s admission, as that tenant's gauge. */
    default void trackSourcesWaiting(String tenant, java.util.function.DoubleSupplier waiting) {}

    /** Credits a submitted job is expected to cost (see {@link Credits}). */
    default void registerCredits(JobType type, double credits) {}

    /** As {@link #registerCredits(JobType, double)}, for a job of {@code tenant}. */
    default void registerCredits(String tenant, JobType type, double credits) {
        registerCredits(type, credits);
    }
}
