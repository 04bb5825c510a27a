package io.describer.camel.job;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.describer.camel.client.model.JobType;

/**
 * A job start whose outcome is unknown, held in the store under its dedupe key: the service may have started (and
 * billed) the job, but no job id came back, or the node crashed before it could record one. Its source is not
 * submitted again until the submission is settled (an operator says "job X exists" or "no job"), or the endpoint's
 * {@code uncertainPolicy} allows a resubmission.
 *
 * @param dedupeKey          the source's idempotency key
 * @param jobType            the operation that was started
 * @param generationConfig   the generation config as JSON text, may be null
 * @param correlationHeaders captured headers, restored on the results exchange once settled as a job
 * @param mediaId            the media the job would work on, when known (uploaded first or given)
 * @param error              what happened
 * @param since              when the submission became uncertain
 * @param owner              the node that submitted it
 * @param tenant             the tenant whose key it was started with; null for the endpoint's own key
 */
public record UncertainSubmission(
        String dedupeKey,
        JobType jobType,
        String generationConfig,
        Map<String, String> correlationHeaders,
        String mediaId,
        String error,
        Instant since,
        String owner,
        String tenant) {

    /** One of the endpoint's own key (no tenant). */
    public UncertainSubmission(
            String dedupeKey,
            JobType jobType,
            String generationConfig,
            Map<String, String> correlationHeaders,
            String mediaId,
            String error,
            Instant since,
            String owner) {
        this(dedupeKey, jobType, generationConfig, correlationHeaders, mediaId, error, since, owner, null);
    }

    public UncertainSubmission {
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        correlationHeaders = correlationHeaders == null || correlationHeaders.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(correlationHeaders));
    }

    /** The job an operator says exists, as the store tracks it from now on. */
    public StoredJob asJob(String jobId, String actualMediaId) {
        return StoredJob.submitted(
                        jobId,
                        actualMediaId != null ? actualMediaId : mediaId,
                        jobType,
                        generationConfig,
                        correlationHeaders,
                        dedupeKey)
                .withTenant(tenant);
    }
}
