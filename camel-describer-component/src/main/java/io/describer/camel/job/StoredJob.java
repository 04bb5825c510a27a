package io.describer.camel.job;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;

/**
 * One submitted job as the store keeps it. Immutable.
 *
 * @param jobId              the service's job id
 * @param mediaId            the media the job describes
 * @param jobType            text, audio or video
 * @param generationConfig   the generation config as JSON text (the caller serialises it), may be null
 * @param correlationHeaders message headers captured at submission and restored on the results exchange
 * @param dedupeKey          the idempotency key the job was submitted under, may be null
 * @param status             last status seen from the service
 * @param state              whether the results exchange still has to be delivered
 * @param attempts           how many times the service was polled for this job
 * @param nextPollAt         not claimed before this instant; claims go earliest first
 * @param createdAt          when the job was recorded; breaks ties between claims due at the same instant
 * @param updatedAt          last change in the store
 * @param leaseOwner         the node currently polling it, null when nobody holds a lease
 * @param leaseUntil         the lease expires at this instant; afterwards any node may take the job over
 * @param lastError          last poll or delivery error, may be null
 * @param tenant             the tenant whose API key the job is polled with; null for the endpoint's own key
 * @param emissions          how many results exchanges were started for the job (a poll answer recorded to be
 *                           delivered); more than 0 when this one is emitted means an earlier one may have reached the
 *                           route without its delivery being recorded
 */
public record StoredJob(
        String jobId,
        String mediaId,
        JobType jobType,
        String generationConfig,
        Map<String, String> correlationHeaders,
        String dedupeKey,
        JobStatus status,
        JobState state,
        int attempts,
        Instant nextPollAt,
        Instant createdAt,
        Instant updatedAt,
        String leaseOwner,
        Instant leaseUntil,
        String lastError,
        String tenant,
        int emissions) {

    public StoredJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
        // insertion order kept so restored headers come back as captured
        correlationHeaders = correlationHeaders == null || correlationHeaders.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(correlationHeaders));
    }

    /**
     * A job the service just accepted: queued, pending, never polled. The store stamps the times it leaves null
     * ({@code createdAt}, {@code updatedAt}, {@code nextPollAt}) when it is recorded.
     */
    public static StoredJob submitted(
            String jobId,
            String mediaId,
            JobType jobType,
            String generationConfig,
            Map<String, String> correlationHeaders,
            String dedupeKey) {
        return new StoredJob(
                jobId,
                mediaId,
                jobType,
                generationConfig,
                correlationHeaders,
                dedupeKey,
                JobStatus.QUEUED,
                JobState.PENDING,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0);
    }

    public StoredJob withNextPollAt(Instant next) {
        return copy(status, next, leaseOwner, leaseUntil, tenant);
    }

    public StoredJob withStatus(JobStatus newStatus) {
        return copy(newStatus, nextPollAt, leaseOwner, leaseUntil, tenant);
    }

    /** Recorded already leased, e.g. by a producer that waits for completion itself, so no poller claims it. */
    public StoredJob withLease(String owner, Instant until) {
        return copy(status, nextPollAt, owner, until, tenant);
    }

    /** The same job, polled with {@code newTenant}'s key. */
    public StoredJob withTenant(String newTenant) {
        return copy(status, nextPollAt, leaseOwner, leaseUntil, newTenant);
    }

    /** This job with the fields the with-methods change replaced; the one place that lists every field. */
    private StoredJob copy(JobStatus newStatus, Instant next, String owner, Instant until, String newTenant) {
        return new StoredJob(
                jobId,
                mediaId,
                jobType,
                generationConfig,
                correlationHeaders,
                dedupeKey,
                newStatus,
                state,
                attempts,
                next,
                createdAt,
                updatedAt,
                owner,
                until,
                lastError,
                newTenant,
                emissions);
    }

    /** An earlier results exchange of this job may have reached the route: this one is a re-emission. */
    public boolean isReEmission() {
        return emissions > 0;
    }

    public boolean isDelivered() {
        return state == JobState.DELIVERED;
    }
}
